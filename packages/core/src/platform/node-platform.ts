import { downloadWith } from '../client/download.js';
import { fileUploadSourceWith } from '../hosting/node-file.js';
import { createFileJournalWith } from '../journal/file.js';
import { probeFileWith } from '../media/probe-file.js';
import { createNodeFetch } from './node-fetch.js';
import { errnoCode, type NodeModules } from './node-modules.js';
import type { Platform } from './types.js';

export interface NodePlatformOptions {
  /** The file journal's folder. */
  journalDir: string;
  /** See FileJournalOptions.staleClaimMs. */
  staleClaimMs?: number | undefined;
  /** Defaults to `node`; the CEP panel says `cep`. */
  name?: string | undefined;
  /** Defaults to `<os temp>/reanimate`. */
  tempDir?: string | undefined;
  /** See NodeFetchOptions.fallback: Node's fetch in Node, nothing in CEP. */
  fetchFallback?: typeof globalThis.fetch | undefined;
  /** See FileJournalOptions.onCorrupt. */
  onCorruptRecord?: ((movedTo: string, problem: string) => void) | undefined;
}

/**
 * The platform for any runtime that has Node's modules: built from the modules it is given, so the CLI (Node's
 * own, through `nodePlatform` in `@reanimate/core/node`) and the CEP panel (`cep_node.require`) run the same
 * journal, uploads, downloads and transport.
 */
export function createNodePlatform(node: NodeModules, options: NodePlatformOptions): Platform {
  const fetch = createNodeFetch(node, { fallback: options.fetchFallback });
  return {
    name: options.name ?? 'node',
    fetch,
    files: {
      probe: (path) => probeFileWith(node, path),
      uploadSource: (path) => fileUploadSourceWith(node, path),
      isFile: async (path) => {
        try {
          return (await node.fs.stat(path)).isFile();
        } catch {
          return false;
        }
      },
      canWrite: (path) => canWrite(node, path),
    },
    save: (url, dest, save) =>
      downloadWith(node, url, dest, {
        fetch: save.fetch ?? fetch,
        conflict: save.conflict,
        ...(save.signal ? { signal: save.signal } : {}),
        ...(save.onProgress ? { onProgress: save.onProgress } : {}),
      }),
    journal: createFileJournalWith(node, {
      dir: options.journalDir,
      ...(options.staleClaimMs !== undefined ? { staleClaimMs: options.staleClaimMs } : {}),
      onCorrupt: options.onCorruptRecord,
    }),
    tempDir: () => options.tempDir ?? node.path.join(node.os.tmpdir(), 'reanimate'),
  };
}

/** Creates the folder if needed and writes (then removes) a probe file in it: the only sure test of writing. */
async function canWrite(node: NodeModules, path: string): Promise<string | undefined> {
  if (/[\\/]$/.test(path)) return 'that is a folder name; give a file name, e.g. result.mp4';
  const existing = await node.fs.stat(path).catch(() => undefined);
  if (existing?.isDirectory()) return 'that is a folder; give a file name inside it, e.g. result.mp4';
  const folder = node.path.dirname(path);
  const problem = (error: unknown) => {
    const code = errnoCode(error);
    if (code === 'EACCES' || code === 'EPERM') return `you may not write to ${folder}`;
    if (code === 'EROFS') return `${folder} is on a read-only disk`;
    // mkdir -p answers EEXIST when a part of the path is a file.
    if (code === 'ENOTDIR' || code === 'EEXIST') return `part of ${folder} is a file, not a folder`;
    if (code === 'ENOSPC') return `the disk holding ${folder} is full`;
    return `${folder} cannot be written (${code ?? String(error)})`;
  };
  try {
    await node.fs.mkdir(folder, { recursive: true });
  } catch (error) {
    return problem(error);
  }
  const probe = node.path.join(
    folder,
    // Unique per call: a batch checks several outputs of one folder at the same millisecond.
    `.reanimate-write-test-${node.process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`,
  );
  try {
    const handle = await node.fs.open(probe, 'wx');
    await handle.close();
    await node.fs.unlink(probe);
    return undefined;
  } catch (error) {
    return problem(error);
  }
}
