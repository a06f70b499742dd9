/**
 * Every command declared once, with commander: its arguments, flags, descriptions, validation and the notes its
 * help ends with. `reanimate --help` and `reanimate help <command>` are generated from these declarations.
 */
import {
  DEFAULTS,
  EMOTIONS,
  LIPSYNC_MODES,
  MAX_INPUT_SECONDS,
  MODEL_MODES,
  OPTION_HELP,
} from '@reanimate/core';
import { Command, CommanderError, InvalidArgumentError, type OptionValues } from 'commander';
import { type JobOptions, parseJobOptions } from './job-options.js';

const choices = (values: readonly string[], fallback: string) =>
  `One of ${values.join(', ')} (default ${fallback}).`;
const EMOTIONS_HELP = `${OPTION_HELP.emotion} ${choices(EMOTIONS, DEFAULTS.emotion)}`;
const MODEL_HELP = `${OPTION_HELP.model_mode} ${choices(MODEL_MODES, DEFAULTS.model_mode)}`;
const LIPSYNC_HELP = `${OPTION_HELP.lipsync_mode} ${choices(LIPSYNC_MODES, DEFAULTS.lipsync_mode)}`;

export type CommandName = 'run' | 'check' | 'estimate' | 'resume' | 'jobs' | 'cancel' | 'batch' | 'config';
export const COMMANDS: readonly CommandName[] = [
  'run',
  'check',
  'estimate',
  'resume',
  'jobs',
  'cancel',
  'batch',
  'config',
];
export type ConfigAction = 'get' | 'set' | 'unset' | 'path';

export const DEFAULT_CONCURRENCY = 3;
const MAX_CONCURRENCY = 32;

/** A mistake on the command line: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  readonly command: CommandName | undefined;
  constructor(message: string, command?: CommandName) {
    super(message);
    this.name = 'UsageError';
    this.command = command;
  }
}

export type ParsedCommand =
  | { command: 'help'; topic: CommandName | undefined }
  | { command: 'version' }
  | {
      command: 'run';
      video: string;
      audio: string;
      out: string;
      options: JobOptions;
      /** A team server to submit to instead (overrides `server.url`). */
      server: string | undefined;
      rerun: boolean;
      split: boolean;
      concurrency: number;
      faceCheck: boolean;
      json: boolean;
    }
  | { command: 'check'; video: string; audio: string | undefined; faceCheck: boolean; json: boolean }
  | { command: 'estimate'; video: string; audio: string; options: JobOptions; json: boolean }
  | { command: 'resume'; concurrency: number; json: boolean }
  | {
      command: 'jobs';
      json: boolean;
      forget: string | undefined;
      /** The team server whose jobs to list (overrides `server.url`). */
      server: string | undefined;
      /** With a team server: everyone's jobs (an admin's key). */
      all: boolean;
      /** This machine's journal even when a team server is configured. */
      local: boolean;
    }
  | { command: 'cancel'; requestId: string; json: boolean }
  | {
      command: 'batch';
      manifest: string;
      concurrency: number;
      split: boolean;
      retryFailed: boolean;
      /** A team server to submit to instead (overrides `server.url`). */
      server: string | undefined;
      rerun: boolean;
      faceCheck: boolean;
      yes: boolean;
      maxCostUsd: number | undefined;
      json: boolean;
    }
  | {
      command: 'config';
      action: ConfigAction;
      key: string | undefined;
      value: string | undefined;
      json: boolean;
    };

function usdFlag(raw: string): number {
  const value = Number(raw.replace(/^\$/, ''));
  if (!Number.isFinite(value) || value < 0) {
    throw new InvalidArgumentError(`--max-cost must be an amount in USD, e.g. 12.50 (got "${raw}")`);
  }
  return value;
}

/** The react-1 option flags as core's schema reads them, or a usage error naming each bad flag. */
function jobOptionsFrom(options: OptionValues, command: CommandName): JobOptions {
  const parsed = parseJobOptions({
    emotion: options.emotion,
    model_mode: options.modelMode,
    lipsync_mode: options.lipsyncMode,
    temperature: options.temperature,
  });
  if (parsed.issues.length > 0) {
    // Flags are spelled with dashes on the command line.
    throw new UsageError(
      parsed.issues.map((issue) => `--${issue.field.replace('_', '-')}: ${issue.message}`).join('\n'),
      command,
    );
  }
  return parsed.options;
}

/** --video, --audio (and --out) are required; checked in the action so a mistyped flag is the first message. */
function requireFlags(options: OptionValues, names: readonly string[], command: CommandName): void {
  for (const name of names) {
    if (typeof options[name] !== 'string' || options[name].trim() === '')
      throw new UsageError(`--${name} is required`, command);
  }
}

function concurrencyFlag(raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > MAX_CONCURRENCY) {
    throw new InvalidArgumentError(
      `--concurrency must be a whole number from 1 to ${MAX_CONCURRENCY} (got "${raw}")`,
    );
  }
  return value;
}

const EXIT_CODES = `Exit codes:
  0  success          1  job failed or cancelled (the service's reason is printed)
  2  usage or input   3  authentication (RUNCOMFY_API_TOKEN refused or missing)
  4  submit outcome unknown: the reply was lost after sending; it was NOT sent again
  5  the service stayed unreachable while following a job: it may still run (and is billed); \`reanimate resume\`
  130 stopped by Ctrl-C: the job keeps running on the service (run \`reanimate resume\`) or nothing was sent`;

const OVERVIEW = `
Synopsis:
  reanimate run --video <file|url> --audio <file|url> --out <file.mp4> [options]
  reanimate check --video <file|url> [--audio <file|url>]
  reanimate estimate --video <file|url> --audio <file|url> [options]
  reanimate batch <manifest.csv|manifest.json> [--concurrency N] [--split] [--yes | --max-cost USD]
  reanimate resume
  reanimate jobs [--json] | reanimate jobs forget <job-id>
  reanimate cancel <request-id>
  reanimate config [get [key] | set <key> <value> | unset <key> | path]
  reanimate help <command>

Inputs longer than ${MAX_INPUT_SECONDS} s: add --split to cut them into aligned segments and join the results.

Environment:
  RUNCOMFY_API_TOKEN   API token (or \`reanimate config set token -\`, read from stdin)
  RUNCOMFY_BASE_URL    Service URL (default https://model-api.runcomfy.net)
  REANIMATE_HOME       Journal and config.json (default ~/.reanimate)
  REANIMATE_S3_*       Storage for uploading local files; see \`reanimate help config\`
  REANIMATE_FFMPEG     An ffmpeg binary for --split (default: the one shipped with Reanimate)
  NO_COLOR             Disable colour

${EXIT_CODES}`;

/**
 * The program. `onParsed` receives the parsed command; commander's own output is captured by `out` (help) and
 * its errors are thrown (exitOverride), so the caller decides what is printed and which exit code it means.
 */
export function buildProgram(
  onParsed: (parsed: ParsedCommand) => void,
  out: (text: string) => void = () => {},
) {
  const program = new Command('reanimate')
    .description('Re-sync a face to new audio with sync react-1 (RunComfy Model API).')
    .helpOption('-h, --help', 'Show help')
    .addHelpCommand(false)
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: () => {} })
    .showSuggestionAfterError(false)
    .addHelpText('after', OVERVIEW);
  const json = (command: Command) =>
    command.option('--json', 'Print JSON on stdout (progress goes to stderr)');
  const flag = (options: OptionValues, name: string) => options[name] === true;

  json(
    program
      .command('run')
      .summary('One job: check the files, upload local ones, submit, follow it, download the result.')
      .description(
        'Checks local files first (before anything is sent), uploads them to your S3-compatible storage (URL ' +
          'inputs are passed through as they are), submits the job, shows its progress and downloads the result.',
      )
      .option(
        '--video <file|url>',
        `The face video (at most ${MAX_INPUT_SECONDS} s unless --split); required`,
      )
      .option('--audio <file|url>', `The new audio (at most ${MAX_INPUT_SECONDS} s unless --split); required`)
      .option('-o, --out <file>', 'Where to write the result MP4; required')
      .option('--emotion <e>', EMOTIONS_HELP)
      .option('--model-mode <m>', MODEL_HELP)
      .option('--lipsync-mode <l>', LIPSYNC_HELP)
      .option('--temperature <t>', `${OPTION_HELP.temperature} (default ${DEFAULTS.temperature})`)
      .option(
        '--split',
        `Cut longer inputs into aligned segments of at most ${MAX_INPUT_SECONDS} s and join the results`,
      )
      .option('--concurrency <n>', 'Segments run at once with --split', concurrencyFlag, DEFAULT_CONCURRENCY)
      .option(
        '--no-face-check',
        'Skip the local face check of the video (no face, several faces, small face, VFR, 4K)',
      )
      .option(
        '--server <url>',
        'Submit to the team server at this address (default: server.url); its key is server.key',
      )
      .option('--rerun', 'With a team server: pay again for work another editor already asked for'),
  )
    .addHelpText(
      'after',
      `
Ctrl-C while the job is queued cancels it (nothing is charged). Once it is being processed it cannot be cancelled:
it keeps running, and \`reanimate resume\` collects the result.

Example:
  reanimate run --video face.mp4 --audio dub.wav --out synced.mp4 --emotion happy`,
    )
    .action((options: OptionValues) => {
      requireFlags(options, ['video', 'audio', 'out'], 'run');
      // A trailing slash names a folder: path.resolve would drop it and write a file named like the folder.
      if (/[\\/]$/.test(options.out as string)) {
        throw new UsageError(
          '--out names a folder (it ends with a slash): give a file name, e.g. out/result.mp4',
          'run',
        );
      }
      const jobOptions = jobOptionsFrom(options, 'run');
      onParsed({
        command: 'run',
        video: options.video as string,
        audio: options.audio as string,
        out: options.out as string,
        options: jobOptions,
        server: typeof options.server === 'string' ? options.server : undefined,
        rerun: flag(options, 'rerun'),
        split: flag(options, 'split'),
        concurrency: options.concurrency as number,
        faceCheck: options.faceCheck !== false,
        json: flag(options, 'json'),
      });
    });

  json(
    program
      .command('check')
      .summary('Pre-flight and the face check of a video (and its dub), locally; nothing is sent.')
      .description(
        'Checks the inputs as `run` would, then looks at the video 4 times a second: spans without a face, with several faces, with a face too small to re-animate well, a variable frame rate, above 4K. Each finding names the span and what to do. Nothing is uploaded or sent; no network.',
      )
      .option('--video <file|url>', 'The face video; required')
      .option('--audio <file|url>', 'The new audio, checked too when given')
      .option('--no-face-check', 'Only the pre-flight checks'),
  )
    .addHelpText(
      'after',
      '\nExit 0 with warnings; 2 when an input cannot be used.\n\nExample:\n  reanimate check --video face.mp4 --audio dub.wav',
    )
    .action((options: OptionValues) => {
      requireFlags(options, ['video'], 'check');
      onParsed({
        command: 'check',
        video: options.video as string,
        audio: typeof options.audio === 'string' ? options.audio : undefined,
        faceCheck: options.faceCheck !== false,
        json: flag(options, 'json'),
      });
    });

  json(
    program
      .command('estimate')
      .summary("What one job will cost, from the service's price; submits nothing.")
      .description(
        "Checks the inputs as `run` would and prices the job from the service's model price: per second of the output the chosen lipsync_mode produces, or flat per video. Nothing is uploaded or submitted.",
      )
      .option('--video <file|url>', 'The face video; required')
      .option('--audio <file|url>', 'The new audio; required')
      .option('--emotion <e>', EMOTIONS_HELP)
      .option('--model-mode <m>', MODEL_HELP)
      .option('--lipsync-mode <l>', LIPSYNC_HELP)
      .option('--temperature <t>', `${OPTION_HELP.temperature} (default ${DEFAULTS.temperature})`),
  )
    .addHelpText(
      'after',
      '\nExample:\n  reanimate estimate --video face.mp4 --audio dub.wav --lipsync-mode cut_off',
    )
    .action((options: OptionValues) => {
      requireFlags(options, ['video', 'audio'], 'estimate');
      onParsed({
        command: 'estimate',
        video: options.video as string,
        audio: options.audio as string,
        options: jobOptionsFrom(options, 'estimate'),
        json: flag(options, 'json'),
      });
    });

  json(
    program
      .command('batch')
      .summary('Many jobs from a CSV or JSON manifest, with bounded concurrency; re-run it to resume.')
      .description(
        'Runs every row of a manifest with at most N jobs at once. All jobs share one rate limiter: when the service ' +
          'answers 429, every job waits. Prints a summary table; exits non-zero if any row did not finish.',
      )
      .argument('<manifest>', 'A .csv or .json manifest')
      .option(
        '--concurrency <n>',
        `Jobs at once (1-${MAX_CONCURRENCY})`,
        concurrencyFlag,
        DEFAULT_CONCURRENCY,
      )
      .option('--split', `Split rows longer than ${MAX_INPUT_SECONDS} s into segments and join them`)
      .option(
        '--retry-failed',
        'Submit rows that failed or were cancelled before once more (a new, billed job)',
      )
      .option('--no-face-check', "Skip the local face check of each row's video")
      .option('--yes', 'Go ahead whatever the estimated cost (needed above $5, or without a terminal)')
      .option('--max-cost <usd>', 'Go ahead only if the estimated total is at most this many USD', usdFlag)
      .option(
        '--server <url>',
        'Submit the rows to the team server at this address (default: server.url); its key is server.key',
      )
      .option('--rerun', 'With a team server: pay again for every row, even work that already has a job'),
  )
    .addHelpText(
      'after',
      `
Re-running the same manifest skips rows already done and resumes rows in flight; two runs of one manifest at
once submit each row once. A row that has a request id is never submitted again; failed or cancelled rows are
re-submitted only with --retry-failed. Rows whose submit outcome is unknown are reported (exit 4), never re-sent.

CSV: a header line, then one row per job; relative paths are resolved against the manifest's folder.
  video,audio,out,emotion,model_mode,lipsync_mode,temperature
  clips/a.mp4,dubs/a.wav,out/a.mp4,happy,,,0.7
  https://example.com/b.mp4,dubs/b.mp3,out/b.mp4,,,,
JSON: an array of objects with the same fields, e.g. [{"video":"a.mp4","audio":"a.wav","out":"a-out.mp4"}].

With a team server (--server or server.url) the server runs every row with the team's account: work anyone on
the team already asked for is joined, not paid again (a finished job's result is downloaded); failed work comes
back failed unless --retry-failed; --rerun pays again for everything. --split is not available there yet.

Example:
  reanimate batch jobs.csv --concurrency 4`,
    )
    .action((manifest: string, options: OptionValues) =>
      onParsed({
        command: 'batch',
        manifest,
        concurrency: options.concurrency as number,
        split: flag(options, 'split'),
        retryFailed: flag(options, 'retryFailed'),
        server: typeof options.server === 'string' ? options.server : undefined,
        rerun: flag(options, 'rerun'),
        faceCheck: options.faceCheck !== false,
        yes: flag(options, 'yes'),
        maxCostUsd: options.maxCost as number | undefined,
        json: flag(options, 'json'),
      }),
    );

  json(
    program
      .command('resume')
      .summary('Wait for every unfinished job in the journal and download it; submits nothing new.')
      .description(
        'Waits for every unfinished job in the journal ($REANIMATE_HOME/jobs) and downloads each to its original ' +
          '--out (joining split runs once all their segments are in). Nothing new is submitted. Jobs whose submit ' +
          'outcome is unknown are listed with what to check, and exit code 4.',
      )
      .option('--concurrency <n>', 'Jobs followed at once', concurrencyFlag, DEFAULT_CONCURRENCY),
  ).action((options: OptionValues) =>
    onParsed({ command: 'resume', concurrency: options.concurrency as number, json: flag(options, 'json') }),
  );

  json(
    program
      .command('jobs')
      .summary('List the journal: id, created, status, output path, error.')
      .description(
        'Lists the journal ($REANIMATE_HOME/jobs), newest first: local job id, request id, created, status, output ' +
          'path and error. `jobs forget <job-id>` is for a submit whose outcome is unknown (exit 4): once you have ' +
          'checked the RunComfy dashboard and found no request made at that time, it marks the job as not submitted, ' +
          'so running it again submits it.',
      )
      .argument('[action]', '`forget`, to forget an ambiguous submit')
      .argument('[job-id]', 'The job to forget')
      .option(
        '--server <url>',
        "List the team server's jobs instead (default when server.url is set): state, who asked, cost",
      )
      .option('--all', "With a team server and an admin's key: everyone's jobs")
      .option('--local', "This machine's own journal, even with a team server configured"),
  ).action((action: string | undefined, id: string | undefined, options: OptionValues) => {
    const listing = {
      command: 'jobs' as const,
      json: flag(options, 'json'),
      server: typeof options.server === 'string' ? options.server : undefined,
      all: flag(options, 'all'),
      local: flag(options, 'local'),
    };
    if (action === undefined) return onParsed({ ...listing, forget: undefined });
    if (action !== 'forget')
      throw new UsageError(`unknown jobs action "${action}": use \`reanimate jobs forget <job-id>\``, 'jobs');
    if (!id) throw new UsageError('jobs forget needs a job id (see `reanimate jobs`)', 'jobs');
    // Forgetting is about this machine's journal: a team server's ambiguous jobs are for its admin.
    onParsed({ ...listing, local: true, forget: id });
  });

  json(
    program
      .command('cancel')
      .summary('Cancel a queued request (requests already in progress cannot be cancelled).')
      .description(
        'Cancels a queued react-1 request. Requests already in progress cannot be cancelled (exit 1 says so).',
      )
      .argument('<request-id>', 'The request to cancel'),
  )
    .addHelpText('after', '\nExample:\n  reanimate cancel 6f1c2d8e-1234-4c4b-9a77-0d9c8a1b2c3d')
    .action((requestId: string, options: OptionValues) => {
      if (requestId.trim() === '') throw new UsageError('a request id is required', 'cancel');
      onParsed({ command: 'cancel', requestId: requestId.trim(), json: flag(options, 'json') });
    });

  json(
    program
      .command('config')
      .summary('Show (secrets masked) or change settings.')
      .description('Shows or changes the settings in $REANIMATE_HOME/config.json (mode 0600).')
      .argument('[action]', 'get (default), set, unset or path')
      .argument('[key]', 'A setting, e.g. s3.bucket')
      .argument('[value]', 'The value to set; - reads it from stdin (keeps secrets out of shell history)'),
  )
    .addHelpText('after', CONFIG_KEYS)
    .action((action = 'get', key: string | undefined, value: string | undefined, options: OptionValues) => {
      if (action !== 'get' && action !== 'set' && action !== 'unset' && action !== 'path') {
        throw new UsageError(`unknown config action "${action}": use get, set, unset or path`, 'config');
      }
      if ((action === 'set' || action === 'unset') && key === undefined)
        throw new UsageError(`config ${action} needs a key`, 'config');
      if (action === 'set' && value === undefined)
        throw new UsageError('config set needs a value (or - for stdin)', 'config');
      if (action !== 'set' && value !== undefined)
        throw new UsageError(`unexpected argument "${value}"`, 'config');
      if (action === 'path' && key !== undefined)
        throw new UsageError(`unexpected argument "${key}"`, 'config');
      onParsed({ command: 'config', action, key, value, json: flag(options, 'json') });
    });

  for (const command of program.commands) {
    command
      .exitOverride()
      .configureOutput({ writeOut: out, writeErr: () => {} })
      .showSuggestionAfterError(false);
  }
  return program;
}

const CONFIG_KEYS = `
Keys (environment variables override saved values):
  token               RUNCOMFY_API_TOKEN                 secret
  baseUrl             RUNCOMFY_BASE_URL                  default https://model-api.runcomfy.net
  s3.endpoint         REANIMATE_S3_ENDPOINT              e.g. https://s3.us-east-1.amazonaws.com
  s3.region           REANIMATE_S3_REGION                inferred from the endpoint when unset
  s3.bucket           REANIMATE_S3_BUCKET
  s3.prefix           REANIMATE_S3_PREFIX                default reanimate/
  s3.accessKeyId      REANIMATE_S3_ACCESS_KEY_ID
  s3.secretAccessKey  REANIMATE_S3_SECRET_ACCESS_KEY     secret
  s3.sessionToken     REANIMATE_S3_SESSION_TOKEN         secret, for temporary credentials
  s3.pathStyle        REANIMATE_S3_PATH_STYLE            true|false
  s3.urlExpiresInSec  REANIMATE_S3_URL_EXPIRES_IN_SEC    lifetime of the links react-1 fetches (default 3600)
  s3.keep             REANIMATE_S3_KEEP                  true keeps uploads after the job (default: deleted)

Storage is needed only for local files; https:// inputs are passed to the service as they are.

Examples:
  reanimate config set s3.bucket my-bucket
  reanimate config set token -`;

function isCommand(value: string | undefined): value is CommandName {
  return value !== undefined && (COMMANDS as readonly string[]).includes(value);
}

/**
 * commander's errors in our words, naming the flag and the command. Its messages have a documented, stable form
 * ("error: unknown option '--x'", "error: option '--x <v>' argument missing", "error: required option '--x <v>'
 * not specified", "error: missing required argument 'x'"); the flag is read from between the quotes.
 */
function usageMessage(error: CommanderError, command: CommandName | undefined): string {
  const quoted = /'([^']+)'/.exec(error.message)?.[1] ?? '';
  const flagName = quoted.split(',').pop()?.trim().split(' ')[0] ?? quoted;
  switch (error.code) {
    case 'commander.unknownOption':
      return command
        ? `unknown option ${flagName} for \`reanimate ${command}\``
        : `unknown option ${flagName}`;
    case 'commander.optionMissingArgument':
      return `${flagName} needs a value`;
    case 'commander.missingArgument':
      return command === 'cancel'
        ? 'a request id is required'
        : 'a manifest file (.csv or .json) is required';
    case 'commander.excessArguments':
      return `too many arguments for \`reanimate ${command ?? ''}\``;
    case 'commander.invalidArgument':
      // Our own parsers' messages come after commander's "option '…' argument '…' is invalid.".
      return error.message.replace(/^error: option '[^']+' argument '[^']*' is invalid\. /, '');
    default:
      return error.message.replace(/^error: /, '');
  }
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
  let parsed: ParsedCommand | undefined;
  const program = buildProgram((value) => {
    parsed = value;
  });
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.help') {
        return { command: 'help', topic: first };
      }
      throw new UsageError(usageMessage(error, first), first);
    }
    throw error;
  }
  if (!parsed) throw new UsageError(`\`reanimate ${first}\` could not be parsed`, first);
  return parsed;
}

/** The generated help of the program or of one command. */
export function usageText(command?: CommandName): string {
  let text = '';
  const program = buildProgram(
    () => {},
    (chunk) => {
      text += chunk;
    },
  );
  const target = command ? program.commands.find((candidate) => candidate.name() === command) : program;
  target?.outputHelp();
  return text.trimEnd();
}
