import fs from 'node:fs/promises';
import type { UxpFs } from '../src/platform/uxp-platform.ts';

/**
 * UXP's `fs` (its promise API) over Node's, for tests and the benchmark: readFile hands back an ArrayBuffer (or a
 * string with an encoding), as UXP's does; a large file's own buffer, without a copy.
 */
export function nodeUxpFs(): UxpFs {
  return {
    readFile: async (path, options) => {
      if (options?.encoding) return fs.readFile(path, 'utf8');
      const buffer = await fs.readFile(path);
      return buffer.byteOffset === 0 && buffer.byteLength === buffer.buffer.byteLength
        ? (buffer.buffer as ArrayBuffer)
        : new Uint8Array(buffer).buffer;
    },
    writeFile: async (path, data, options) => {
      const body = typeof data === 'string' ? data : new Uint8Array(data as ArrayBuffer);
      await fs.writeFile(path, body, options?.encoding ? 'utf8' : undefined);
      return typeof data === 'string' ? data.length : (data as ArrayBuffer).byteLength;
    },
    lstat: async (path) => {
      const info = await fs.lstat(path);
      return { isFile: () => info.isFile(), size: info.size };
    },
    mkdir: async (path, options) => {
      await fs.mkdir(path, options);
    },
    readdir: (path) => fs.readdir(path),
    unlink: (path) => fs.unlink(path),
    rename: (from, to) => fs.rename(from, to),
  };
}
