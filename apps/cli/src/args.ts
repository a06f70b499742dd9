import { type ParseArgsConfig, parseArgs } from 'node:util';
import { type JobOptions, parseJobOptions } from './job-options.js';
import { COMMANDS, type CommandName } from './usage.js';

/** A mistake on the command line: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  readonly command: CommandName | undefined;
  constructor(message: string, command?: CommandName) {
    super(message);
    this.name = 'UsageError';
    this.command = command;
  }
}

export const DEFAULT_CONCURRENCY = 3;
const MAX_CONCURRENCY = 32;

export type ConfigAction = 'get' | 'set' | 'unset' | 'path';

export type ParsedCommand =
  | { command: 'help'; topic: CommandName | undefined }
  | { command: 'version' }
  | {
      command: 'run';
      video: string;
      audio: string;
      out: string;
      options: JobOptions;
      split: boolean;
      concurrency: number;
      json: boolean;
    }
  | { command: 'resume'; concurrency: number; json: boolean }
  | { command: 'jobs'; json: boolean; forget: string | undefined }
  | { command: 'cancel'; requestId: string; json: boolean }
  | {
      command: 'batch';
      manifest: string;
      concurrency: number;
      split: boolean;
      retryFailed: boolean;
      json: boolean;
    }
  | {
      command: 'config';
      action: ConfigAction;
      key: string | undefined;
      value: string | undefined;
      json: boolean;
    };

type Options = NonNullable<ParseArgsConfig['options']>;

const COMMON: Options = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
};

const SPECS: Record<CommandName, Options> = {
  run: {
    ...COMMON,
    video: { type: 'string' },
    audio: { type: 'string' },
    out: { type: 'string', short: 'o' },
    emotion: { type: 'string' },
    'model-mode': { type: 'string' },
    'lipsync-mode': { type: 'string' },
    temperature: { type: 'string' },
    split: { type: 'boolean' },
    concurrency: { type: 'string' },
  },
  resume: { ...COMMON, concurrency: { type: 'string' } },
  jobs: { ...COMMON },
  cancel: { ...COMMON },
  batch: {
    ...COMMON,
    concurrency: { type: 'string' },
    split: { type: 'boolean' },
    'retry-failed': { type: 'boolean' },
  },
  config: { ...COMMON },
};

/** How many positionals each command takes (min, max). */
const POSITIONALS: Record<CommandName, [number, number]> = {
  run: [0, 0],
  resume: [0, 0],
  jobs: [0, 2],
  cancel: [1, 1],
  batch: [1, 1],
  config: [0, 3],
};

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

function isCommand(value: string): value is CommandName {
  return (COMMANDS as readonly string[]).includes(value);
}

/** node:util's messages suggest `--` tricks; ours name the option and the command. */
function describeParseError(error: unknown, command: CommandName): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const quoted = /'([^']+)'/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
    return `unknown option ${quoted ?? ''} for \`reanimate ${command}\``;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    // "Option '-o, --out <value>' argument missing": keep just "--out".
    const spelled = /^Option '([^']+)'/.exec(message)?.[1] ?? quoted ?? 'an option';
    const name = spelled.split(',').pop()?.trim().split(' ')[0] ?? spelled;
    return message.includes('argument missing') ? `${name} needs a value` : `${name} does not take a value`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `unexpected argument ${quoted ?? ''}`;
  return message;
}

function text(values: Values, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

function flag(values: Values, name: string): boolean {
  return values[name] === true;
}

function required(values: Values, name: string, command: CommandName): string {
  const value = text(values, name);
  if (value === undefined || value.trim() === '') throw new UsageError(`--${name} is required`, command);
  return value;
}

function concurrency(values: Values, command: CommandName): number {
  const raw = text(values, 'concurrency');
  if (raw === undefined) return DEFAULT_CONCURRENCY;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > MAX_CONCURRENCY) {
    throw new UsageError(
      `--concurrency must be a whole number from 1 to ${MAX_CONCURRENCY} (got "${raw}")`,
      command,
    );
  }
  return value;
}

/** Parses argv (without node and script). Throws UsageError for anything it cannot make sense of. */
export function parseCommandLine(argv: readonly string[]): ParsedCommand {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError('a command is required');
  if (first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    if (topic !== undefined && !isCommand(topic)) throw new UsageError(`unknown command "${topic}"`);
    return { command: 'help', topic };
  }
  if (first === '--version' || first === '-v' || first === 'version') return { command: 'version' };
  if (!isCommand(first)) {
    throw new UsageError(first.startsWith('-') ? `unknown option ${first}` : `unknown command "${first}"`);
  }
  const command = first;

  let values: Values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...rest],
      options: SPECS[command],
      allowPositionals: true,
      strict: true,
    }) as { values: Values; positionals: string[] });
  } catch (error) {
    throw new UsageError(describeParseError(error, command), command);
  }
  if (flag(values, 'help')) return { command: 'help', topic: command };

  const [min, max] = POSITIONALS[command];
  if (positionals.length > max) {
    throw new UsageError(`unexpected argument "${positionals[max]}"`, command);
  }
  if (positionals.length < min) {
    const what = command === 'cancel' ? 'a request id' : 'a manifest file (.csv or .json)';
    throw new UsageError(`${what} is required`, command);
  }
  const json = flag(values, 'json');

  switch (command) {
    case 'run': {
      const video = required(values, 'video', command);
      const audio = required(values, 'audio', command);
      const out = required(values, 'out', command);
      const { options, issues } = parseJobOptions({
        emotion: text(values, 'emotion'),
        model_mode: text(values, 'model-mode'),
        lipsync_mode: text(values, 'lipsync-mode'),
        temperature: text(values, 'temperature'),
      });
      if (issues.length > 0) {
        // Flags are spelled with dashes on the command line.
        const lines = issues.map((issue) => `--${issue.field.replace('_', '-')}: ${issue.message}`);
        throw new UsageError(lines.join('\n'), command);
      }
      return {
        command,
        video,
        audio,
        out,
        options,
        split: flag(values, 'split'),
        concurrency: concurrency(values, command),
        json,
      };
    }
    case 'resume':
      return { command, concurrency: concurrency(values, command), json };
    case 'jobs': {
      const [action, id] = positionals;
      if (action === undefined) return { command, json, forget: undefined };
      if (action !== 'forget')
        throw new UsageError(
          `unknown jobs action "${action}": use \`reanimate jobs forget <job-id>\``,
          command,
        );
      if (!id) throw new UsageError('jobs forget needs a job id (see `reanimate jobs`)', command);
      return { command, json, forget: id };
    }
    case 'cancel': {
      const requestId = positionals[0] ?? '';
      if (requestId.trim() === '') throw new UsageError('a request id is required', command);
      return { command, requestId: requestId.trim(), json };
    }
    case 'batch':
      return {
        command,
        manifest: positionals[0] ?? '',
        concurrency: concurrency(values, command),
        split: flag(values, 'split'),
        retryFailed: flag(values, 'retry-failed'),
        json,
      };
    case 'config': {
      const [action = 'get', key, value] = positionals;
      if (action !== 'get' && action !== 'set' && action !== 'unset' && action !== 'path') {
        throw new UsageError(`unknown config action "${action}": use get, set, unset or path`, command);
      }
      if ((action === 'set' || action === 'unset') && key === undefined) {
        throw new UsageError(`config ${action} needs a key`, command);
      }
      if (action === 'set' && value === undefined)
        throw new UsageError('config set needs a value (or - for stdin)', command);
      if (action !== 'set' && value !== undefined)
        throw new UsageError(`unexpected argument "${value}"`, command);
      if (action === 'path' && key !== undefined)
        throw new UsageError(`unexpected argument "${key}"`, command);
      return { command, action, key, value, json };
    }
  }
}
