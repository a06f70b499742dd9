// Child process for the file journal tests: `node --import tsx test/journal-child.ts <mode> <dir> <jobId> [arg]`.
// Prints one JSON line with what it saw, so the parent can assert on it.
import { createFileJournal } from '../src/node.js';

const [mode, dir, jobId, arg] = process.argv.slice(2);
if (!mode || !dir || !jobId) throw new Error('usage: journal-child <mode> <dir> <jobId> [arg]');
const journal = createFileJournal({ dir });
const say = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);

async function waitUntil(at: number) {
  while (Date.now() < at) await new Promise((resolve) => setTimeout(resolve, 1));
}

switch (mode) {
  case 'race-claim': {
    // Both children start claiming at the same wall-clock instant.
    await waitUntil(Number(arg));
    const claim = await journal.claim(jobId);
    say({ pid: process.pid, claimed: claim !== undefined });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await claim?.release();
    break;
  }
  case 'claim-and-hang': {
    const claim = await journal.claim(jobId);
    say({ pid: process.pid, claimed: claim !== undefined });
    // Parent SIGKILLs us while we hold it.
    setInterval(() => undefined, 1000);
    break;
  }
  case 'write-many': {
    for (let index = 0; index < Number(arg); index++) {
      await journal.update(jobId, { meta: { counter: index, filler: 'x'.repeat(2000 + (index % 7) * 500) } });
    }
    say({ pid: process.pid, done: true });
    break;
  }
  case 'read-many': {
    let reads = 0;
    let errors = 0;
    let lastCounter = -1;
    let wentBackwards = false;
    const until = Date.now() + Number(arg);
    while (Date.now() < until) {
      try {
        const record = await journal.get(jobId);
        const counter = Number(record?.meta.counter ?? -1);
        if (counter < lastCounter) wentBackwards = true;
        lastCounter = counter;
        reads++;
      } catch {
        errors++;
      }
    }
    say({ pid: process.pid, reads, errors, wentBackwards, lastCounter });
    break;
  }
  default:
    throw new Error(`unknown mode ${mode}`);
}
