#!/usr/bin/env node
// The `reanimate` executable: wires the process (argv, env, streams, Ctrl-C) to main() and exits with its code.
import { ExitCode } from './exit-codes.js';
import { main } from './main.js';

const controller = new AbortController();
let interrupts = 0;
process.on('SIGINT', () => {
  interrupts += 1;
  if (interrupts === 1) {
    // First Ctrl-C: stop cleanly (cancel what is queued, keep what is running, keep the journal).
    process.stderr.write('\nStopping… (press Ctrl-C again to quit at once; the journal keeps every job)\n');
    controller.abort(new Error('Interrupted by Ctrl-C'));
    return;
  }
  process.exit(ExitCode.interrupted);
});

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

// `reanimate jobs | head` closes the pipe early, `> /dev/full` fills the disk: end quietly, never a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    if (stream === process.stdout) {
      process.stderr.write(`error: could not write the output (${error.code ?? error.message}).\n`);
    }
    process.exit(1);
  });
}

const code = await main({
  argv: process.argv.slice(2),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  readStdin,
  signal: controller.signal,
  interactive: process.stdin.isTTY === true && process.stderr.isTTY === true,
});
process.exitCode = code;
