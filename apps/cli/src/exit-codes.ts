/**
 * The process exit codes, a contract with scripts: never renumber.
 *
 * 130 follows the shell convention for a run stopped by Ctrl-C (128 + SIGINT) when the job was neither finished
 * nor cancelled: it keeps running on the service (resume it) or nothing was submitted at all.
 */
export const ExitCode = {
  /** Every job finished and its output was written. */
  ok: 0,
  /** A job failed or was cancelled (the service's reason is printed), or another runtime error. */
  failed: 1,
  /** Bad flags, bad manifest, bad input files or missing settings: nothing was sent. */
  usage: 2,
  /** The service refused the API token. */
  auth: 3,
  /** The submit's reply was lost after sending: the job may exist; it was not sent again. */
  ambiguous: 4,
  /** The service stayed unreachable while following a submitted job (30 min by default): resume it later. */
  unreachable: 5,
  /** Stopped by Ctrl-C: the job keeps running remotely (resume it) or nothing was submitted. */
  interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * The exit code of several jobs at once (batch, resume, split): the most urgent wins. Auth first (nothing else
 * can work), then an unknown submit outcome (money may be at stake), then interruption, failures and bad input.
 */
export function worstExitCode(codes: Iterable<number>): number {
  const order: readonly number[] = [
    ExitCode.auth,
    ExitCode.ambiguous,
    ExitCode.unreachable,
    ExitCode.interrupted,
    ExitCode.failed,
    ExitCode.usage,
  ];
  let worst: number = ExitCode.ok;
  for (const code of codes) {
    if (code === ExitCode.ok) continue;
    const rank = order.indexOf(code);
    const worstRank = order.indexOf(worst);
    if (worst === ExitCode.ok || (rank !== -1 && (worstRank === -1 || rank < worstRank))) worst = code;
  }
  return worst;
}
