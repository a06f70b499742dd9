import { formatUsd } from '@reanimate/core';
import type { RunContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { normaliseInput, toMediaInput } from '../job-spec.js';
import type { ParsedCommand } from '../program.js';

/** `reanimate estimate`: pre-flight and the price of one job, from the service's model price; submits nothing. */
export async function estimateCommand(
  ctx: RunContext,
  command: Extract<ParsedCommand, { command: 'estimate' }>,
): Promise<number> {
  const { estimate } = await ctx.pipeline().estimate(
    {
      video: toMediaInput(normaliseInput(command.video)),
      audio: toMediaInput(normaliseInput(command.audio)),
      options: command.options,
    },
    { signal: ctx.signal },
  );
  if (command.json) {
    ctx.printer.json({
      estimatedUsd: estimate?.usd ?? null,
      outputSec: estimate?.outputSec ?? null,
      price: estimate
        ? { basePriceUsd: estimate.price.basePriceUsd, priceUnit: estimate.price.priceUnit }
        : null,
    });
    return ExitCode.ok;
  }
  if (!estimate) {
    ctx.printer.err('The cost cannot be estimated: the length of an input is unknown (it does not say).');
    return ExitCode.ok;
  }
  const basis =
    estimate.outputSec === undefined
      ? `flat, per video`
      : `${estimate.outputSec.toFixed(2)} s of output × ${formatUsd(estimate.price.basePriceUsd)}/s`;
  ctx.printer.out(`${formatUsd(estimate.usd)} (${basis}); nothing was submitted.`);
  return ExitCode.ok;
}
