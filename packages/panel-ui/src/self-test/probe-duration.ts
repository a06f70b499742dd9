import { probeBlob } from '@reanimate/core';
import type { Platform } from '../platform/types.ts';

/** A file's length read from the file itself, by core's probe: from disk in CEP, fetched in the browser harness. */
export async function probeDuration(platform: Platform, path: string): Promise<number | undefined> {
  try {
    if (platform.core.files) return (await platform.core.files.probe(path)).durationSec;
    return (await probeBlob(await platform.readFile(path), { fileName: path.split('/').pop() ?? 'export' }))
      .durationSec;
  } catch {
    return undefined;
  }
}
