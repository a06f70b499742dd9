import { ApiError } from '@reanimate/core';
import type { RunContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import type { ParsedCommand } from '../program.js';

/** `reanimate cancel <request-id>`: asks the service to cancel, then reads the status back (cancel is a request). */
export async function cancelCommand(
  ctx: RunContext,
  command: Extract<ParsedCommand, { command: 'cancel' }>,
): Promise<number> {
  const { requestId } = command;
  const client = ctx.client();
  let status: string | undefined;
  let refused: string | undefined;
  const record = (await ctx.journal.list()).find((candidate) => candidate.requestId === requestId);
  if (record) {
    // A job of ours: core cancels it and records it (or the run following it does, at its next poll).
    const outcome = await ctx.pipeline().cancel(record.jobId, { signal: ctx.signal });
    status =
      outcome === 'cancelled'
        ? 'cancelled'
        : (await client.getStatus(requestId, { signal: ctx.signal }).catch(() => undefined))?.status;
  } else {
    try {
      const answer = await client.cancel(requestId, { signal: ctx.signal });
      status = answer.status ?? (await client.getStatus(requestId, { signal: ctx.signal })).status;
    } catch (error) {
      // 409: it is past the queue. Anything else (404, auth, network) is a plain error for the caller.
      if (!(ApiError.isInstance(error) && error.status === 409)) throw error;
      refused = error.serviceMessage ?? error.message;
      status = (await client.getStatus(requestId, { signal: ctx.signal }).catch(() => undefined))?.status;
    }
  }
  const cancelled = status === 'cancelled';
  if (command.json) {
    ctx.printer.json({
      requestId,
      cancelled,
      status: status ?? null,
      ...(refused ? { message: refused } : {}),
    });
  } else if (cancelled) {
    ctx.printer.out(`Cancelled request ${requestId}; nothing was charged.`);
  } else {
    const state =
      status === 'in_progress'
        ? 'is already being processed'
        : status === 'completed'
          ? 'has already finished'
          : `is ${status ?? 'not cancellable'}`;
    ctx.printer.err(
      `react-1 request ${requestId} ${state} and can't be cancelled${refused ? ` (${refused})` : ''}.`,
    );
  }
  return cancelled ? ExitCode.ok : ExitCode.failed;
}
