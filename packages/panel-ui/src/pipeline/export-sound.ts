import { aiffToWav, isAiff } from '@reanimate/core';
import type { Platform } from '../platform/types.ts';

const AIFF_NAME = /\.aiff?$/i;

/**
 * The sound as react-1 takes it. Stock After Effects writes the sound only as AIFF (its "AIFF 48kHz" template;
 * the output-module format cannot be set by script), which react-1 and pre-flight do not take: it becomes a WAV in
 * the panel's temporary folder (never beside a user's own file), samples untouched. Anything else passes as is.
 */
export async function soundForUpload(platform: Platform, path: string): Promise<string> {
  if (!AIFF_NAME.test(path)) return path;
  const bytes = await platform.readBytes(path);
  // Named .aif but something else: pre-flight says what it is.
  if (!isAiff(bytes)) return path;
  const name = path.split(/[\\/]/).pop() ?? 'sound.aif';
  const wavPath = `${platform.tempDir().replace(/[\\/]+$/, '')}/${name.replace(AIFF_NAME, '.wav')}`;
  await platform.writeBytes(wavPath, aiffToWav(bytes, name));
  return wavPath;
}
