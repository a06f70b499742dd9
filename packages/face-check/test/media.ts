// Clips with a real face, made from the public-domain NASA portrait in @reanimate/samples (faces/SOURCE.md).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFfmpeg, runFfmpeg } from '@reanimate/ffmpeg';
import { astronautJpg } from '@reanimate/samples';

export interface FaceMedia {
  dir: string;
  /** 3 s, 640×360, 25 fps: the face panning slowly across the frame. */
  face: string;
  /** 1.5 s of the face, then a cut to 1.5 s of the suit and helmet without a face. */
  cut: string;
  /** 3 s, two copies of the face side by side. */
  two: string;
  /** 3 s, 1280×720: the face small in a large grey frame. */
  small: string;
  /** The face clip with its frames re-timed: 25 fps for 1.2 s, then 12.5 fps. */
  vfr: string;
  /** 1 s at 4500×2200: above 4K. */
  big: string;
}

const encode = ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-preset', 'veryfast'];

export async function makeFaceMedia(): Promise<FaceMedia> {
  const ffmpeg = findFfmpeg() as string;
  const dir = await mkdtemp(join(tmpdir(), 'reanimate-faces-'));
  const at = (name: string) => join(dir, name);
  const still = ['-loop', '1', '-framerate', '25', '-t', '3', '-i', astronautJpg];
  await runFfmpeg(ffmpeg, [
    '-y',
    ...still,
    '-vf',
    "scale=720:720,crop=640:360:'40*t':40",
    ...encode,
    at('face.mp4'),
  ]);
  await runFfmpeg(ffmpeg, [
    '-y',
    ...still,
    '-filter_complex',
    '[0]scale=720:720,split[a][b];[a]crop=640:360:40:40,trim=0:1.5,setpts=PTS-STARTPTS[f];' +
      '[b]crop=640:360:80:360,trim=0:1.5,setpts=PTS-STARTPTS[n];[f][n]concat=n=2:v=1[out]',
    '-map',
    '[out]',
    ...encode,
    at('cut.mp4'),
  ]);
  await runFfmpeg(ffmpeg, [
    '-y',
    ...still,
    '-vf',
    'scale=360:360,crop=320:300:20:20,split[a][b];[a][b]hstack',
    ...encode,
    at('two.mp4'),
  ]);
  await runFfmpeg(ffmpeg, [
    '-y',
    ...still,
    '-vf',
    'scale=500:500,pad=1280:720:390:110:gray',
    ...encode,
    at('small.mp4'),
  ]);
  await runFfmpeg(ffmpeg, [
    '-y',
    '-i',
    at('face.mp4'),
    '-vf',
    "setpts='if(lt(N,30),N,30+(N-30)*2)/25/TB'",
    '-vsync',
    'vfr',
    ...encode,
    at('vfr.mp4'),
  ]);
  await runFfmpeg(ffmpeg, [
    '-y',
    '-f',
    'lavfi',
    '-i',
    'testsrc=size=4500x2200:rate=2:duration=1',
    ...encode,
    at('big.mp4'),
  ]);
  return {
    dir,
    face: at('face.mp4'),
    cut: at('cut.mp4'),
    two: at('two.mp4'),
    small: at('small.mp4'),
    vfr: at('vfr.mp4'),
    big: at('big.mp4'),
  };
}
