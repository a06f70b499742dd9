import { setMaxListeners } from 'node:events';
import { createRequire } from 'node:module';
import { batchCommand } from './commands/batch.js';
import { cancelCommand } from './commands/cancel.js';
import { checkCommand } from './commands/check.js';
import { configCommand } from './commands/config.js';
import { estimateCommand } from './commands/estimate.js';
import { jobsCommand } from './commands/jobs.js';
import { resumeCommand } from './commands/resume.js';
import { runCommand } from './commands/run.js';
import { teamRunCommand } from './commands/team-run.js';
import { type Env, loadSettings } from './config.js';
import { createContext, type TeamTarget } from './context.js';
import { describeError, formatError } from './errors-to-exit.js';
import { ExitCode } from './exit-codes.js';
import { Printer } from './output.js';
import { type ParsedCommand, parseCommandLine, UsageError, usageText } from './program.js';
import { type OutputStream, ProgressRenderer, progressModeFor } from './progress.js';

export interface CliIo {
  argv: readonly string[];
  env: Env;
  stdout: OutputStream;
  stderr: OutputStream;
  /** Everything on stdin, for `config set <key> -`. */
  readStdin: () => Promise<string>;
  /** Fires on Ctrl-C. */
  signal: AbortSignal;
  /** A person at a terminal who could confirm (stdin and stderr are TTYs). */
  interactive?: boolean;
}

function version(): string {
  try {
    const pkg = createRequire(import.meta.url)('../package.json') as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Parses, dispatches and maps every outcome to an exit code; never throws. */
export async function main(io: CliIo): Promise<number> {
  // Every job of a batch listens to the one Ctrl-C signal: more than Node's default of 10 is expected.
  setMaxListeners(0, io.signal);
  const printer = new Printer(io.stdout, io.stderr);
  let command: ParsedCommand;
  try {
    command = parseCommandLine(io.argv);
  } catch (error) {
    const usage = error instanceof UsageError ? error : new UsageError(String(error));
    printer.err(`error: ${usage.message}\n`);
    printer.err(usageText(usage.command));
    return ExitCode.usage;
  }
  if (command.command === 'help') {
    printer.out(usageText(command.topic));
    return ExitCode.ok;
  }
  if (command.command === 'version') {
    printer.out(version());
    return ExitCode.ok;
  }
  const json = 'json' in command && command.json;
  let progress: ProgressRenderer | undefined;
  try {
    if (command.command === 'config') {
      return await configCommand({ env: io.env, printer, readStdin: io.readStdin }, command);
    }
    const settings = await loadSettings(io.env);
    printer.addSecrets(settings.secrets);
    const live = command.command === 'run' || command.command === 'batch' || command.command === 'resume';
    const mode = live ? progressModeFor(io.stderr, io.env) : { mode: 'silent' as const, color: false };
    progress = new ProgressRenderer({ stream: io.stderr, ...mode });
    const server = teamTarget(command, settings.server.url);
    if (server && 'split' in command && command.split)
      throw new UsageError('--split is not available with a team server yet.', command.command);
    const ctx = createContext({ env: io.env, settings, printer, progress, signal: io.signal, server });
    switch (command.command) {
      case 'run':
        return ctx.team ? await teamRunCommand(ctx, command, ctx.team) : await runCommand(ctx, command);
      case 'batch':
        return await batchCommand(ctx, command, { interactive: io.interactive === true });
      case 'estimate':
        return await estimateCommand(ctx, command);
      case 'check':
        return await checkCommand(ctx, command);
      case 'resume':
        return await resumeCommand(ctx, command);
      case 'jobs':
        return await jobsCommand(ctx, command);
      case 'cancel':
        return await cancelCommand(ctx, command);
    }
    return ExitCode.usage;
  } catch (error) {
    progress?.close();
    if (io.signal.aborted && !(error instanceof UsageError)) {
      printer.err('Stopped; nothing was submitted.');
      return ExitCode.interrupted;
    }
    const report = describeError(error);
    if (json)
      printer.json({
        status: 'error',
        exitCode: report.exitCode,
        error: { code: report.code, message: report.message, hint: report.hint },
      });
    printer.err(formatError(report));
    return report.exitCode;
  } finally {
    progress?.close();
  }
}

/**
 * The team server a command works with: `--server`, else `server.url`. `run` and `batch` submit there; `jobs`
 * lists its jobs (unless --local); the other commands work on this machine's journal.
 */
function teamTarget(command: ParsedCommand, configured: string | undefined): TeamTarget | undefined {
  if (command.command === 'jobs') {
    const url = command.local ? undefined : (command.server ?? configured);
    return url ? { url } : undefined;
  }
  if (command.command !== 'run' && command.command !== 'batch') return undefined;
  const url = command.server ?? configured;
  if (!url) return undefined;
  return {
    url,
    rerun: command.rerun,
    // `run` is an explicit ask for this one job, as without a server: failed work is tried once more (a live or done
    // job is still joined). A batch retries failures only when told to.
    retryFailed: command.command === 'run' || command.retryFailed,
  };
}
