import { ReanimateError } from '@reanimate/core';
import { findFfmpeg } from '@reanimate/ffmpeg';

export { FfmpegError, type MediaInfo, mediaInfo, parseMediaInfo, runFfmpeg } from '@reanimate/ffmpeg';

/** The ffmpeg --split cuts and joins with (see findFfmpeg); a clear error when there is none. */
export function ffmpegPath(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const found = findFfmpeg(env);
  if (found) return found;
  throw new ReanimateError(
    'media',
    'ffmpeg is not available, and --split needs it to cut and join the media.',
    {
      hint: 'Reinstall (npm install) so @ffmpeg-installer/ffmpeg is present, or set REANIMATE_FFMPEG to an ffmpeg binary.',
    },
  );
}
