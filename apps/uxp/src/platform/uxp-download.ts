import type { DownloadDeps, DownloadFileHandle } from '@reanimate/core';
import type { UxpFs } from './uxp-platform.ts';

/**
 * Core's download (`downloadWith`: retries and ranged resumes, the MP4 signature and length checks, a temp file moved
 * into place, "name (2).mp4" instead of overwriting) on UXP's `fs`. UXP's `fs` writes whole files, so an open
 * handle collects its chunks and writes them on close: a result (≤ 15 s of video) is held in memory once, and a
 * download killed midway leaves no partial file behind. UXP has no hard links: `link` says ENOTSUP, and core then
 * checks for the name before renaming onto it.
 */
export function uxpDownloadDeps(fs: UxpFs): DownloadDeps {
  const errno = (code: string, message: string) => Object.assign(new Error(message), { code });
  const exists = async (path: string) => (await fs.lstat(path).catch(() => undefined)) !== undefined;
  return {
    fs: {
      async open(path, flags): Promise<DownloadFileHandle> {
        const chunks: Uint8Array[] = [];
        if (flags === 'a' && (await exists(path))) {
          chunks.push(new Uint8Array((await fs.readFile(path)) as ArrayBuffer));
        }
        if (flags === 'r+' && !(await exists(path))) throw errno('ENOENT', `no such file: ${path}`);
        let dirty = flags !== 'r+';
        return {
          async write(chunk) {
            chunks.push(chunk.slice());
            dirty = true;
          },
          async sync() {},
          async close() {
            if (!dirty) return;
            const size = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
            const whole = new Uint8Array(size);
            let at = 0;
            for (const chunk of chunks.splice(0)) {
              whole.set(chunk, at);
              at += chunk.byteLength;
            }
            await fs.writeFile(path, whole);
            dirty = false;
          },
        };
      },
      async stat(path) {
        const info = await fs.lstat(path).catch(() => {
          throw errno('ENOENT', `no such file: ${path}`);
        });
        // UXP's Stats may lack a modification time: then the file counts as fresh, never as a day-old orphan.
        return { mtimeMs: info.mtime?.getTime() ?? Date.now() };
      },
      async link() {
        throw errno('ENOTSUP', 'UXP has no hard links');
      },
      rename: (from, to) => fs.rename(from, to),
      unlink: (path) => fs.unlink(path),
      mkdir: (path, options) => fs.mkdir(path, options),
      readdir: (path) => fs.readdir(path),
    },
    path: uxpPath,
    // One plugin instance per Premiere: no other process's pid to probe. Every pid reads as alive (EPERM), so
    // only day-old temp files are ever removed.
    process: {
      pid: Math.floor(Math.random() * 1_000_000_000),
      kill: () => {
        throw errno('EPERM', 'UXP cannot signal processes');
      },
    },
  };
}

const SEPARATOR = /[\\/]/;

/** Paths as UXP's native paths are: `/` on macOS, `\` (or `/`) on Windows. Kept in the separator they came with. */
const uxpPath: DownloadDeps['path'] = {
  join: (...parts: string[]) => {
    const separator = parts.some((part) => part.includes('\\') && !part.includes('/')) ? '\\' : '/';
    return parts
      .filter((part) => part !== '')
      .map((part, i) => (i === 0 ? part.replace(/[\\/]+$/, '') : part.replace(/^[\\/]+|[\\/]+$/g, '')))
      .join(separator);
  },
  dirname: (path: string) => {
    const at = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
    if (at < 0) return '.';
    return at === 0 ? path.slice(0, 1) : path.slice(0, at);
  },
  basename: (path: string) => path.split(SEPARATOR).pop() ?? path,
  resolve: (...parts: string[]) => uxpPath.join(...parts),
};
