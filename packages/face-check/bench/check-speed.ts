// How long the face check takes per second of 720p video, on this machine. Run: npm run bench -w @reanimate/face-check
// The baseline is decoding the same frames without detecting anything, in the same run, so a noisy machine moves
// both: the ratio says what detection costs, the ms/s says whether the target (≤ 500 ms per second) holds.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFfmpeg, rawFrames, runFfmpeg } from '@reanimate/ffmpeg';
import { astronautJpg } from '@reanimate/samples';
import { checkVideoFaces, createNodeFaceDetector } from '../src/index.js';

const SECONDS = 10;
const RUNS = 3;

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

const ffmpeg = findFfmpeg();
if (!ffmpeg) throw new Error('ffmpeg is not available (npm install ships it in @ffmpeg-installer/ffmpeg).');
const dir = await mkdtemp(join(tmpdir(), 'reanimate-face-bench-'));
try {
  const clip = join(dir, 'face-720p.mp4');
  await runFfmpeg(ffmpeg, [
    '-y',
    ...['-loop', '1', '-framerate', '25', '-t', String(SECONDS), '-i', astronautJpg],
    ...['-vf', "scale=1440:1440,crop=1280:720:'8*t':200"],
    ...['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-preset', 'veryfast', clip],
  ]);
  const detector = await createNodeFaceDetector();
  await checkVideoFaces(clip, { detector }); // warm-up: wasm compile, first inference
  const decode: number[] = [];
  const check: number[] = [];
  let findings: string[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    let started = performance.now();
    for await (const _frame of rawFrames(ffmpeg, clip, { fps: 4, width: 640, height: 360 })) {
      // decoding only
    }
    decode.push(performance.now() - started);
    started = performance.now();
    const result = await checkVideoFaces(clip, { detector });
    check.push(performance.now() - started);
    // One face throughout, by construction: anything found is a false finding, reported rather than hidden.
    findings = result.findings.map((finding) => `${finding.code} ${finding.startSec}-${finding.endSec} s`);
  }
  const perSecond = median(check) / SECONDS;
  console.log(
    JSON.stringify(
      {
        video: `${SECONDS} s, 1280x720, 25 fps`,
        runs: RUNS,
        checkMsPerVideoSecond: Math.round(perSecond),
        decodeMsPerVideoSecond: Math.round(median(decode) / SECONDS),
        checkOverDecode: Number((median(check) / median(decode)).toFixed(2)),
        targetMsPerVideoSecond: 500,
        meetsTarget: perSecond <= 500,
        falseFindings: findings,
      },
      null,
      2,
    ),
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
