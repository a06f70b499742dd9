import type { NodeModules } from '../platform/node-modules.js';
import { openFileByteSource } from './file-source.js';
import { type ProbeOptions, probeSource } from './probe.js';
import type { MediaProbe } from './types.js';

/** Probes a file on disk without reading it whole; messages name it by its base name unless told otherwise. */
export async function probeFileWith(
  node: Pick<NodeModules, 'fs' | 'path'>,
  path: string,
  options: ProbeOptions = {},
): Promise<MediaProbe> {
  const source = await openFileByteSource(node, path);
  try {
    return await probeSource(source, {
      fileName: options.fileName ?? node.path.basename(path),
      mimeType: options.mimeType,
    });
  } finally {
    await source.close().catch(() => {});
  }
}
