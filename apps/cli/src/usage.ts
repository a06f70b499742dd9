import {
  DEFAULTS,
  EMOTIONS,
  LIPSYNC_MODES,
  MAX_INPUT_SECONDS,
  MODEL_MODES,
  OPTION_HELP,
} from '@reanimate/core';

export type CommandName = 'run' | 'resume' | 'jobs' | 'cancel' | 'batch' | 'config';
export const COMMANDS: readonly CommandName[] = ['run', 'resume', 'jobs', 'cancel', 'batch', 'config'];

const OPTIONS = `Options (react-1):
  --emotion <e>        ${OPTION_HELP.emotion}
                       One of ${EMOTIONS.join(', ')} (default ${DEFAULTS.emotion}).
  --model-mode <m>     ${OPTION_HELP.model_mode}
                       One of ${MODEL_MODES.join(', ')} (default ${DEFAULTS.model_mode}).
  --lipsync-mode <l>   ${OPTION_HELP.lipsync_mode}
                       One of ${LIPSYNC_MODES.join(', ')} (default ${DEFAULTS.lipsync_mode}).
  --temperature <t>    ${OPTION_HELP.temperature} (default ${DEFAULTS.temperature}).`;

const EXIT_CODES = `Exit codes:
  0  success          1  job failed or cancelled (the service's reason is printed)
  2  usage or input   3  authentication (RUNCOMFY_API_TOKEN refused or missing)
  4  submit outcome unknown: the reply was lost after sending; it was NOT sent again
  130 stopped by Ctrl-C: the job keeps running on the service (run \`reanimate resume\`) or nothing was sent`;

const MAIN = `reanimate — re-sync a face to new audio with sync react-1 (RunComfy Model API)

Usage:
  reanimate run --video <file|url> --audio <file|url> --out <file.mp4> [options]
  reanimate batch <manifest.csv|manifest.json> [--concurrency N] [--split]
  reanimate resume
  reanimate jobs [--json] | reanimate jobs forget <job-id>
  reanimate cancel <request-id>
  reanimate config [get [key] | set <key> <value> | unset <key> | path]
  reanimate help <command>

Commands:
  run      One job: check the files, upload local ones, submit, follow it, download the result.
  batch    Many jobs from a CSV or JSON manifest, with bounded concurrency; re-run it to resume.
  resume   Wait for every unfinished job in the journal and download it; submits nothing new.
  jobs     List the journal: id, created, status, output path, error.
  cancel   Cancel a queued request (requests already in progress cannot be cancelled).
  config   Show (secrets masked) or change settings.

Inputs longer than ${MAX_INPUT_SECONDS} s: add --split to cut them into aligned segments and join the results.

Environment:
  RUNCOMFY_API_TOKEN   API token (or \`reanimate config set token -\`, read from stdin)
  RUNCOMFY_BASE_URL    Service URL (default https://model-api.runcomfy.net)
  REANIMATE_HOME       Journal and config.json (default ~/.reanimate)
  REANIMATE_S3_*       Storage for uploading local files; see \`reanimate help config\`
  NO_COLOR             Disable colour

${EXIT_CODES}`;

const RUN = `Usage: reanimate run --video <file|url> --audio <file|url> --out <file.mp4> [options]

Checks local files first (before anything is sent), uploads them to your S3-compatible storage (URL inputs are
passed through as they are), submits the job, shows its progress and downloads the result to --out.

  --video <file|url>   The face video (at most ${MAX_INPUT_SECONDS} s unless --split).
  --audio <file|url>   The new audio (at most ${MAX_INPUT_SECONDS} s unless --split).
  --out <file>         Where to write the result MP4.
  --split              Cut longer inputs into aligned segments of at most ${MAX_INPUT_SECONDS} s, run them as a batch
                       and join the results into --out.
  --concurrency <n>    Segments run at once with --split (default 3).
  --json               Print one JSON object for the job on stdout (progress goes to stderr).

${OPTIONS}

Ctrl-C while the job is queued cancels it (nothing is charged). Once it is being processed it cannot be cancelled:
it keeps running, and \`reanimate resume\` collects the result.

Example:
  reanimate run --video face.mp4 --audio dub.wav --out synced.mp4 --emotion happy`;

const BATCH = `Usage: reanimate batch <manifest.csv|manifest.json> [--concurrency N] [--split] [--retry-failed] [--json]

Runs every row of a manifest with at most N jobs at once (default 3). All jobs share one rate limiter: when the
service answers 429, every job waits. Prints a summary table; exits non-zero if any row did not finish.

Re-running the same manifest skips rows already done and resumes rows in flight. A row that has a request id is
never submitted again; failed or cancelled rows are re-submitted only with --retry-failed. Rows whose submit
outcome is unknown are reported (exit 4), never re-sent.

CSV: a header line, then one row per job; relative paths are resolved against the manifest's folder.
  video,audio,out,emotion,model_mode,lipsync_mode,temperature
  clips/a.mp4,dubs/a.wav,out/a.mp4,happy,,,0.7
  https://example.com/b.mp4,dubs/b.mp3,out/b.mp4,,,,
JSON: an array of objects with the same fields, e.g. [{"video":"a.mp4","audio":"a.wav","out":"a-out.mp4"}].

  --concurrency <n>    Jobs at once (1-32, default 3).
  --split              Split rows longer than ${MAX_INPUT_SECONDS} s into segments and join them.
  --retry-failed       Submit rows that failed or were cancelled before once more (a new, billed job).
  --json               One JSON object per row on stdout instead of the table.

Example:
  reanimate batch jobs.csv --concurrency 4`;

const RESUME = `Usage: reanimate resume [--concurrency N] [--json]

Waits for every unfinished job in the journal (${'$'}REANIMATE_HOME/jobs) and downloads each to its original --out
(joining split runs once all their segments are in). Nothing new is submitted. Jobs whose submit outcome is unknown
are listed with what to check, and exit code 4.

Example:
  reanimate resume`;

const JOBS = `Usage: reanimate jobs [--json]
       reanimate jobs forget <job-id>

Lists the journal (${'$'}REANIMATE_HOME/jobs), newest first: local job id, request id, created, status, output
path and error.
  --json   One JSON object per job on stdout.

\`jobs forget\` is for a submit whose outcome is unknown (exit 4): once you have checked the RunComfy dashboard
and found no request made at that time, it marks the job as not submitted, so running it again submits it.

Example:
  reanimate jobs --json`;

const CANCEL = `Usage: reanimate cancel <request-id> [--json]

Cancels a queued react-1 request. Requests already in progress cannot be cancelled (exit 1 says so).

Example:
  reanimate cancel 6f1c2d8e-1234-4c4b-9a77-0d9c8a1b2c3d`;

const CONFIG = `Usage:
  reanimate config get [key] [--json]   Show settings and where each comes from (secrets masked)
  reanimate config set <key> <value>    Save a setting to ${'$'}REANIMATE_HOME/config.json (mode 0600);
                                        a value of - is read from stdin (keeps secrets out of shell history)
  reanimate config unset <key>          Remove a saved setting
  reanimate config path                 Print where config.json is

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

Example:
  reanimate config set s3.bucket my-bucket`;

const TEXTS: Record<CommandName, string> = {
  run: RUN,
  batch: BATCH,
  resume: RESUME,
  jobs: JOBS,
  cancel: CANCEL,
  config: CONFIG,
};

export function usageText(command?: CommandName): string {
  return command ? TEXTS[command] : MAIN;
}
