import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main, parseCli, parseDuration } from '../src/cli.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const builtCli = join(packageDir, 'dist', 'cli.js');
/** The built command imports core's build too. */
const isBuilt = (): boolean => {
  try {
    return existsSync(builtCli) && existsSync(createRequire(import.meta.url).resolve('@reanimate/core'));
  } catch {
    return false;
  }
};
const TOKEN = 'cli-token-123456';
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** The command from source (tsx), exactly as `node bin/reanimate-emulator.js` runs it from dist. */
function spawnSource(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  const child = spawn(
    process.execPath,
    ['--conditions=@reanimate/source', '--import', 'tsx', 'src/cli.ts', ...args],
    {
      cwd: packageDir,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  return child;
}

interface Running {
  url: string;
  output: () => string;
  exit: Promise<number | null>;
}

/** Waits for the "listening on" line. */
function started(child: ChildProcess): Promise<Running> {
  let output = '';
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed; output so far:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ url: match[1], output: () => output, exit });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    void exit.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before printing a URL:\n${output}`));
    });
  });
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; output: string }> {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

describe('reanimate-emulator command', () => {
  it('prints its URL, serves with the given token, logs without it, and exits 0 on SIGTERM', async () => {
    const child = spawnSource(['--port', '0', '--token', TOKEN, '--processing-ms', '10']);
    const running = await started(child);
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const denied = await fetch(`${running.url}/v1/requests/x/status`, {
      headers: { Authorization: 'Bearer nope' },
    });
    expect(denied.status).toBe(401);
    const allowed = await fetch(`${running.url}/v1/requests/x/status`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(allowed.status).toBe(404);
    expect((await allowed.json()) as unknown).toMatchObject({ error_code: 404001 });

    child.kill('SIGTERM');
    expect(await running.exit).toBe(0);
    const output = running.output();
    expect(output).toMatch(/GET \/v1\/requests\/x\/status 401 .*auth=bearer/);
    expect(output).toMatch(/GET \/v1\/requests\/x\/status 404/);
    expect(output).not.toContain(TOKEN);
  });

  it('takes tokens from EMULATOR_TOKENS, stays quiet with --quiet, and stops on SIGINT', async () => {
    const child = spawnSource(['--port', '0', '--quiet'], { EMULATOR_TOKENS: `a-token-1, ${TOKEN}` });
    const running = await started(child);
    const answer = await fetch(`${running.url}/v1/requests/x/status`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(answer.status).toBe(404);
    child.kill('SIGINT');
    expect(await running.exit).toBe(0);
    expect(running.output()).toContain('accepting 2 token(s)');
    expect(running.output()).not.toContain('/v1/requests/x/status');
  });

  it('--help prints the options; a bad flag exits 2 with a message', async () => {
    const written: string[] = [];
    const capture = (chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    };
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    try {
      expect(await main(['--help'])).toBe(0);
      expect(written.join('')).toContain('--processing-factor');
      written.length = 0;
      expect(await main(['--bogus'])).toBe(2);
      expect(written.join('')).toMatch(/reanimate-emulator: .*bogus.*\nRun with --help/);
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  });

  it('bin/reanimate-emulator.js says to build first when dist is missing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'emulator-bin-'));
    await mkdir(join(dir, 'bin'));
    await copyFile(
      join(packageDir, 'bin', 'reanimate-emulator.js'),
      join(dir, 'bin', 'reanimate-emulator.js'),
    );
    const child = spawn(process.execPath, [join(dir, 'bin', 'reanimate-emulator.js'), '--port', '0']);
    children.push(child);
    const result = await exitOf(child);
    expect(result.code).toBe(1);
    expect(result.output).toContain('run npm run build first');
    await rm(dir, { recursive: true, force: true });
  });

  // turbo runs `build` before `test` (turbo.json), so the built command is always there to check.
  it('bin/reanimate-emulator.js runs the build', async () => {
    expect(isBuilt(), 'build core and the emulator first: npm run build (at the repository root)').toBe(true);
    const child = spawn(
      process.execPath,
      [join(packageDir, 'bin', 'reanimate-emulator.js'), '--port', '0', '--token', TOKEN],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    children.push(child);
    const running = await started(child);
    const answer = await fetch(`${running.url}/v1/models/sync/react-1`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(answer.status).toBe(422);
    child.kill('SIGTERM');
    expect(await running.exit).toBe(0);
  });
});

describe('parseCli', () => {
  it('maps flags to options', () => {
    const parsed = parseCli(
      [
        '--port',
        '9000',
        '--host',
        '0.0.0.0',
        '--token',
        'a',
        '--token',
        'b',
        '--workers',
        '3',
        '--processing-factor',
        '200',
        '--output-ttl',
        '2h',
        '--fault',
        'kind=http,status=503,route=status,times=always',
        '--fault',
        '{"kind":"fail","reason":"boom"}',
        '--fault-latency',
        '50',
      ],
      {},
    );
    expect(parsed.options).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      tokens: ['a', 'b'],
      workers: 3,
      processing: { perInputSecondMs: 200 },
      outputTtlMs: 7_200_000,
      faults: [
        { kind: 'http', status: 503, route: 'status', times: 'always' },
        { kind: 'fail', reason: 'boom' },
        { kind: 'latency', ms: 50, times: 'always' },
      ],
    });
    expect(parseCli([], {}).options).toMatchObject({ port: 8787, host: '127.0.0.1', tokens: [] });
    expect(parseCli([], {}).defaultToken).toBe(true);
  });

  it('refuses bad values', () => {
    expect(() => parseCli(['--workers', '0'], {})).toThrow(/--workers/);
    expect(() => parseCli(['--processing-ms', '5', '--processing-factor', '5'], {})).toThrow(/either/);
    expect(() => parseCli(['--fault', 'kind=nope'], {})).toThrow(/kind must be one of/);
    expect(() => parseDuration('soon')).toThrow(/--output-ttl/);
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('7d')).toBe(604_800_000);
    expect(parseDuration('1500')).toBe(1500);
  });
});
