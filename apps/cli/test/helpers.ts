import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLE } from './global-setup.js';

/** apps/cli */
export const CLI_DIR = fileURLToPath(new URL('..', import.meta.url));

/**
 * The CLI as built from its TypeScript source (and core's, through the monorepo's source condition) by
 * global-setup.ts, so the tests need no prior build and always test the code as it is now. Without that bundle
 * the source runs through tsx: same code, slower start.
 */
const COMMAND = existsSync(BUNDLE)
  ? [process.execPath, '--enable-source-maps', BUNDLE]
  : [process.execPath, '--conditions=@reanimate/source', '--import', 'tsx', join(CLI_DIR, 'src', 'cli.ts')];

/** The parent's environment without anything that would point the CLI elsewhere or change its output. */
export function cleanEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(RUNCOMFY_|REANIMATE_|AWS_)/.test(key) || key === 'NO_COLOR' || key === 'FORCE_COLOR') continue;
    env[key] = value;
  }
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) env[key] = value;
  return env;
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface LiveCli {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  done: Promise<CliRun>;
}

export function spawnCli(args: readonly string[], env: NodeJS.ProcessEnv, input?: string): LiveCli {
  const child = spawn(COMMAND[0] as string, [...COMMAND.slice(1), ...args], {
    cwd: CLI_DIR,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  child.stdin?.end(input ?? '');
  const done = new Promise<CliRun>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, stdout: () => stdout, stderr: () => stderr, done };
}

export async function runCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  options: { input?: string; timeoutMs?: number } = {},
): Promise<CliRun> {
  const live = spawnCli(args, env, options.input);
  const timer = setTimeout(() => live.child.kill('SIGKILL'), options.timeoutMs ?? 40_000);
  try {
    return await live.done;
  } finally {
    clearTimeout(timer);
  }
}

export async function waitFor<T>(
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value as T;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function tempDir(prefix: string): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

const ffprobe = (createRequire(import.meta.url)('@ffprobe-installer/ffprobe') as { path: string }).path;

/** Container duration and video frame count, as ffprobe reads them (edit lists applied). */
export function probe(path: string): { durationSec: number; frames: number } {
  const text = execFileSync(
    ffprobe,
    [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'format=duration:stream=nb_frames',
      '-of',
      'json',
      path,
    ],
    { encoding: 'utf8' },
  );
  const data = JSON.parse(text) as { format: { duration: string }; streams: { nb_frames?: string }[] };
  return {
    durationSec: Number(data.format.duration),
    frames: Number(data.streams[0]?.nb_frames ?? Number.NaN),
  };
}

/** Control characters other than newline: what must never appear in non-TTY output. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: detecting them is the point
export const CONTROL_CHARS = /[\u0000-\u0009\u000b-\u001f\u007f]/;
