#!/usr/bin/env node
// Regenerates the committed sample media. Everything is synthesised by ffmpeg, but for face.mp4, made from a
// public-domain photograph (faces/SOURCE.md), so the files are license-free and reproducible; they are kept tiny because tests, the demo and the panel all read them.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const ffmpeg = require('@ffmpeg-installer/ffmpeg').path;
const out = new URL('./media/', import.meta.url).pathname;
mkdirSync(out, { recursive: true });

// A cartoon face: skin ellipse, two eyes, and a mouth whose opening follows a 3 Hz "syllable" rhythm.
const face = (w, h) => {
  const cx = w / 2;
  const cy = h / 2;
  const inFace = `lt(pow((X-${cx})/${w * 0.28},2)+pow((Y-${cy})/${h * 0.42},2),1)`;
  const inEye = `lt(min(hypot(X-${cx - w * 0.1},Y-${cy - h * 0.1}),hypot(X-${cx + w * 0.1},Y-${cy - h * 0.1})),${w * 0.03})`;
  const inMouth = `lt(pow((X-${cx})/${w * 0.1},2)+pow((Y-${cy + h * 0.2})/(${h * 0.015}+${h * 0.05}*abs(sin(2*PI*3*T))),2),1)`;
  const channel = (bg, skin, feature) => `if(${inEye}+${inMouth},${feature},if(${inFace},${skin},${bg}))`;
  return `geq=r='${channel(40, 230, 60)}':g='${channel(60, 180, 20)}':b='${channel(90, 150, 30)}'`;
};
// Speech-like audio: a voiced tone whose loudness rises and falls like syllables.
const speech = (seconds, rate = 48000) =>
  `aevalsrc='(0.5*sin(2*PI*180*t)+0.25*sin(2*PI*360*t)+0.1*sin(2*PI*540*t))*pow(abs(sin(2*PI*2.5*t)),2)':s=${rate}:d=${seconds}`;

const run = (args) => execFileSync(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', ...args]);
const video = (seconds, w, h, fps) => [
  '-f',
  'lavfi',
  '-i',
  `color=c=black:s=${w}x${h}:r=${fps}:d=${seconds},${face(w, h)}`,
];
const h264 = ['-c:v', 'libx264', '-preset', 'veryslow', '-crf', '32', '-pix_fmt', 'yuv420p'];

// The demo's clip and dub. The clip is a real face (the public-domain NASA portrait in faces/, see SOURCE.md),
// slowly panned, so that the face check finds it; the other clips keep the cartoon.
const portrait = new URL('./faces/astronaut.jpg', import.meta.url).pathname;
run([
  '-loop',
  '1',
  '-framerate',
  '24',
  '-t',
  '4',
  '-i',
  portrait,
  '-f',
  'lavfi',
  '-i',
  speech(4),
  '-vf',
  "scale=400:400,crop=320:240:'10*t':40",
  ...h264,
  '-c:a',
  'aac',
  '-b:a',
  '48k',
  '-shortest',
  '-movflags',
  '+faststart',
  join(out, 'face.mp4'),
]);
run(['-f', 'lavfi', '-i', speech(4.5), '-ac', '1', '-c:a', 'pcm_s16le', join(out, 'dub.wav')]);
// The first second of face.mp4: what the panel's simulated host hands back for the host self-test's 1 s export.
run([
  '-i',
  join(out, 'face.mp4'),
  '-t',
  '1',
  ...h264,
  '-c:a',
  'aac',
  '-b:a',
  '48k',
  '-movflags',
  '+faststart',
  join(out, 'face-1s.mp4'),
]);
// For the panel's face check (the CLI's is tested on larger clips made in its test setup): a cut to a shot without a
// face after 2 s, and two faces side by side. Same portrait, same size as face.mp4, no audio.
run([
  '-loop',
  '1',
  '-framerate',
  '24',
  '-t',
  '4',
  '-i',
  portrait,
  '-filter_complex',
  '[0]scale=400:400,split[a][b];[a]crop=320:240:10:40,trim=0:2,setpts=PTS-STARTPTS[f];' +
    '[b]crop=320:240:40:160,trim=0:2,setpts=PTS-STARTPTS[n];[f][n]concat=n=2:v=1[out]',
  '-map',
  '[out]',
  ...h264,
  '-movflags',
  '+faststart',
  join(out, 'face-cut.mp4'),
]);
run([
  '-loop',
  '1',
  '-framerate',
  '24',
  '-t',
  '4',
  '-i',
  portrait,
  '-vf',
  'scale=240:240,crop=200:240:20:0,split[a][b];[a][b]hstack,pad=480:240:40:0:gray',
  ...h264,
  '-movflags',
  '+faststart',
  join(out, 'two-faces.mp4'),
]);
// One small file per container the probe must read.
run([
  ...video(1, 160, 120, 24),
  '-f',
  'lavfi',
  '-i',
  speech(1),
  ...h264,
  '-c:a',
  'aac',
  '-b:a',
  '32k',
  '-shortest',
  join(out, 'face.mov'),
]);
run([
  ...video(1, 160, 120, 24),
  '-f',
  'lavfi',
  '-i',
  speech(1),
  ...h264,
  '-c:a',
  'aac',
  '-b:a',
  '32k',
  '-shortest',
  '-f',
  'ipod',
  join(out, 'face.m4v'),
]);
run([
  ...video(1, 160, 120, 24),
  '-f',
  'lavfi',
  '-i',
  speech(1),
  '-c:v',
  'libvpx-vp9',
  '-b:v',
  '60k',
  '-c:a',
  'libopus',
  '-b:a',
  '24k',
  '-shortest',
  join(out, 'face.webm'),
]);
run([...video(2, 160, 120, 24), ...h264, '-an', join(out, 'silent.mp4')]);
run(['-f', 'lavfi', '-i', speech(2), '-ac', '1', '-c:a', 'libmp3lame', '-b:a', '32k', join(out, 'dub.mp3')]);
run(['-f', 'lavfi', '-i', speech(2), '-ac', '1', '-c:a', 'aac', '-b:a', '32k', join(out, 'dub.m4a')]);
run([
  '-f',
  'lavfi',
  '-i',
  speech(2),
  '-ac',
  '1',
  '-c:a',
  'aac',
  '-b:a',
  '32k',
  '-f',
  'adts',
  join(out, 'dub.aac'),
]);
// Just over react-1's 15 s limit, for the refusals.
run([
  ...video(16, 64, 48, 12),
  '-f',
  'lavfi',
  '-i',
  speech(16, 16000),
  ...h264,
  '-c:a',
  'aac',
  '-b:a',
  '16k',
  '-shortest',
  join(out, 'long-16s.mp4'),
]);
run([
  '-f',
  'lavfi',
  '-i',
  speech(16, 16000),
  '-ac',
  '1',
  '-c:a',
  'libmp3lame',
  '-b:a',
  '16k',
  join(out, 'long-16s.mp3'),
]);
// Exactly at the limit, with AAC priming that a naive reader would count: must be accepted.
run([
  ...video(15, 64, 48, 12),
  '-f',
  'lavfi',
  '-i',
  speech(15, 16000),
  ...h264,
  '-c:a',
  'aac',
  '-b:a',
  '16k',
  '-shortest',
  join(out, 'edge-15s.mp4'),
]);
// Bad inputs: empty, not media at all, and an MP4 cut off after its first bytes.
writeFileSync(join(out, 'empty.mp4'), new Uint8Array(0));
writeFileSync(join(out, 'not-media.mp4'), 'This is a text file with an .mp4 name.\n');
const { readFileSync } = await import('node:fs');
writeFileSync(join(out, 'truncated.mp4'), readFileSync(join(out, 'face.mp4')).subarray(0, 600));
rmSync(join(out, '.tmp'), { force: true, recursive: true });
console.log(`samples written to ${out}`);
