import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_TOKEN, startEmulator } from './emulator.js';
import { parseFaultSpec } from './faults.js';
import type { EmulatorOptions, FaultRule, Processing } from './types.js';

const HELP = `reanimate-emulator: a local stand-in for RunComfy's Model API running sync/react-1.

Usage: reanimate-emulator [options]

  --port N                 port to listen on (default 8787; 0 picks a free one)
  --host HOST              address to listen on (default 127.0.0.1)
  --token TOKEN            accepted bearer token; repeat for several. Also EMULATOR_TOKENS=a,b.
                           Without either, the token "${DEFAULT_TOKEN}" is accepted.
  --workers N              jobs processed at once (default 2)
  --processing-ms MS       minimum time each job spends in progress (default 500)
  --processing-factor MS   instead: minimum milliseconds per second of the longer input
  --output-ttl DURATION    how long output URLs work: ms, or 30s / 10m / 2h / 7d (default 7d)
  --data-dir DIR           keep inputs and outputs here (default: a temp dir, removed on exit)
  --fault SPEC             a fault rule, repeatable: JSON or key=value pairs, e.g.
                             --fault kind=http,status=503,route=status,times=always
                             --fault kind=http,status=429,retryAfterSec=2,retryAfterFormat=date
                             --fault kind=drop_after_accept      --fault kind=fail,reason="model crashed"
  --fault-latency MS       add MS to every API request (same as --fault kind=latency,ms=MS,times=always)
  --no-ffmpeg              do not render: outputs are the input video unchanged
  --quiet                  no per-request log lines
  --help                   this text

Runtime fault injection (no auth): POST/GET/DELETE {url}/__emulator/faults, GET {url}/__emulator/requests,
GET {url}/__emulator/jobs. Stop with Ctrl-C (SIGINT) or SIGTERM.`;

class UsageError extends Error {}

/** Parses the command line into emulator options; throws UsageError with a readable message. */
export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env) {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const int = (name: string, value: string | undefined, min: number): number | undefined => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min)
      throw new UsageError(`--${name} must be an integer ≥ ${min}, got "${value}"`);
    return n;
  };

  const tokens = [
    ...(values.token ?? []),
    ...(env.EMULATOR_TOKENS ?? '')
      .split(',')
      .map((token) => token.trim())
      .filter((token) => token !== ''),
  ];
  if (values['processing-ms'] !== undefined && values['processing-factor'] !== undefined) {
    throw new UsageError('use either --processing-ms or --processing-factor, not both');
  }
  const fixedMs = int('processing-ms', values['processing-ms'], 0);
  const perInputSecondMs = int('processing-factor', values['processing-factor'], 0);
  const processing: Processing | undefined =
    perInputSecondMs !== undefined ? { perInputSecondMs } : fixedMs !== undefined ? { fixedMs } : undefined;

  const faults: FaultRule[] = [];
  for (const spec of values.fault ?? []) {
    const rule = parseFaultSpec(spec);
    if (typeof rule === 'string') throw new UsageError(`--fault ${spec}: ${rule}`);
    faults.push(rule);
  }
  const latency = int('fault-latency', values['fault-latency'], 0);
  if (latency) faults.push({ kind: 'latency', ms: latency, times: 'always' });

  const options: EmulatorOptions = {
    port: int('port', values.port, 0) ?? 8787,
    host: values.host ?? '127.0.0.1',
    tokens,
    workers: int('workers', values.workers, 1),
    processing,
    outputTtlMs: values['output-ttl'] === undefined ? undefined : parseDuration(values['output-ttl']),
    dataDir: values['data-dir'],
    faults,
    ffmpegPath: values['no-ffmpeg'] ? false : undefined,
  };
  return {
    options,
    help: values.help === true,
    quiet: values.quiet === true,
    defaultToken: tokens.length === 0,
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      token: { type: 'string', multiple: true },
      workers: { type: 'string' },
      'processing-ms': { type: 'string' },
      'processing-factor': { type: 'string' },
      'output-ttl': { type: 'string' },
      'data-dir': { type: 'string' },
      fault: { type: 'string', multiple: true },
      'fault-latency': { type: 'string' },
      'no-ffmpeg': { type: 'boolean' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `500`, `500ms`, `30s`, `10m`, `2h`, `7d` → milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!match)
    throw new UsageError(`--output-ttl must be a duration like 5000, 30s, 10m, 2h or 7d; got "${text}"`);
  return Math.round(Number(match[1]) * (UNITS[match[2] ?? 'ms'] ?? 1));
}

/** Runs the command until SIGINT/SIGTERM; resolves with the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let parsed: ReturnType<typeof parseCli>;
  try {
    parsed = parseCli(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`reanimate-emulator: ${error.message}\nRun with --help for the options.\n`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const emulator = await startEmulator({
    ...parsed.options,
    logger: parsed.quiet ? undefined : (line) => process.stdout.write(`${line}\n`),
  });
  process.stdout.write(`reanimate-emulator listening on ${emulator.url}\n`);
  process.stdout.write(
    parsed.defaultToken
      ? `accepting the default token (see --help); model sync/react-1 at ${emulator.url}/v1/models/sync/react-1\n`
      : `accepting ${parsed.options.tokens?.length} token(s); model sync/react-1 at ${emulator.url}/v1/models/sync/react-1\n`,
  );
  if (!emulator.ffmpegPath)
    process.stdout.write('ffmpeg not available: outputs are the input video unchanged\n');

  return new Promise<number>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      process.stdout.write(`${signal}: shutting down\n`);
      emulator.close().then(
        () => resolve(0),
        () => resolve(1),
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(entry)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`reanimate-emulator: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
