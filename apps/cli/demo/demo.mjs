#!/usr/bin/env node
// The end-to-end demo, offline: the react-1 emulator and a local S3-compatible store on free loopback ports, then
// the real `reanimate run` as a child process on the bundled sample clip and dub. Prints the output's path and
// duration, then shuts everything down.
//
//   npm run demo -w @reanimate/cli              one job on the 4 s sample
//   npm run demo -w @reanimate/cli -- --split   --split on a 40 s sample (generated on the fly, not committed)
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { samples } from '@reanimate/samples';
import { startServices } from './local-services.mjs';

const { values } = parseArgs({
  options: { split: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
});
if (values.help) {
  console.log('Usage: npm run demo -w @reanimate/cli [-- --split]');
  process.exit(0);
}

const cliDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = join(cliDir, '..', '..');
const demoDir = join(repoRoot, '.reanimate-demo');
const require = createRequire(import.meta.url);

/**
 * The built CLI (bin/reanimate.js → dist/) as a user runs it. Without a build, the source through tsx when this
 * demo itself runs that way (node --conditions=@reanimate/source --import tsx demo/demo.mjs).
 */
function cliCommand() {
  if (existsSync(join(cliDir, 'dist', 'cli.js')))
    return [process.execPath, join(cliDir, 'bin', 'reanimate.js')];
  if (process.execArgv.some((arg) => arg.includes('tsx'))) {
    return [process.execPath, ...process.execArgv, join(cliDir, 'src', 'cli.ts')];
  }
  console.error(
    'The CLI is not built yet: run `npm run build` at the repository root first (`npm run demo` there does both).',
  );
  process.exit(2);
}

function durationOf(file) {
  const ffprobe = require('@ffprobe-installer/ffprobe').path;
  const text = execFileSync(
    ffprobe,
    ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file],
    {
      encoding: 'utf8',
    },
  );
  return Number(text.trim());
}

function runCli(args, env) {
  const [command, ...prefix] = cliCommand();
  const shown = `reanimate ${args.map((arg) => (arg.includes(repoRoot) ? relative(process.cwd(), arg) || '.' : arg)).join(' ')}`;
  console.log(`\n$ ${shown}`);
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...prefix, ...args], { env: { ...process.env, ...env }, stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

await mkdir(demoDir, { recursive: true });
const home = join(demoDir, 'home');
// A fresh journal each time, so the demo always shows a whole run.
await rm(home, { recursive: true, force: true });

const services = await startServices({
  token: 'demo-token',
  emulator: { workers: 2, processing: { fixedMs: values.split ? 300 : 1200 } },
});
let exitCode = 0;
try {
  console.log(`react-1 emulator   ${services.emulator.url}`);
  console.log(`local S3 (s3rver)  ${services.s3.endpoint}  bucket "${services.s3.bucket}"`);
  const env = { ...services.env, REANIMATE_HOME: home, REANIMATE_POLL_INTERVAL_MS: '250' };

  let video = samples.faceMp4;
  let audio = samples.dubWav;
  if (values.split) {
    const { ffmpegPath, makeLongSample } = await import('@reanimate/cli');
    console.log('\nMaking a 40 s sample (the 4 s clip and dub, looped)…');
    ({ video, audio } = await makeLongSample({
      ffmpeg: ffmpegPath(),
      video,
      audio,
      seconds: 40,
      dir: join(demoDir, 'samples'),
    }));
  }
  const out = join(demoDir, values.split ? 'synced-40s-split.mp4' : 'synced.mp4');
  const args = ['run', '--video', video, '--audio', audio, '--out', out, '--emotion', 'happy'];
  if (values.split) args.push('--split');
  exitCode = await runCli(args, env);
  if (exitCode === 0) {
    const seconds = durationOf(out);
    const input = durationOf(video);
    console.log(`\nOutput:   ${out}`);
    console.log(`Duration: ${seconds.toFixed(3)} s (input video ${input.toFixed(3)} s)`);
  } else {
    console.error(`\nreanimate exited with code ${exitCode}`);
  }
} finally {
  await services.close();
  console.log('Emulator and local S3 stopped.');
}
process.exitCode = exitCode;
