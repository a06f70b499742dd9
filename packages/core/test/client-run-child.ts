// A CLI-like process for the crash test: runs one job with a file journal, reports its ids on the first status,
// and keeps polling until the parent SIGKILLs it.
import { createClient } from '../src/client/index.js';
import { createFileJournal } from '../src/node.js';

const [baseUrl, journalDir, videoUrl, audioUrl] = process.argv.slice(2);
if (!baseUrl || !journalDir || !videoUrl || !audioUrl)
  throw new Error('usage: client-run-child <baseUrl> <dir> <video> <audio>');
const token = process.env.RUNCOMFY_API_TOKEN ?? '';
const client = createClient({
  token,
  baseUrl,
  poll: { firstPollMs: 50, minIntervalMs: 100, inProgressIntervalMs: 100 },
});
let said = false;
await client.runJob(
  { video_url: videoUrl, audio_url: audioUrl },
  {
    journal: createFileJournal({ dir: journalDir }),
    onUpdate: (update) => {
      if (said) return;
      said = true;
      process.stdout.write(
        `${JSON.stringify({ jobId: update.jobId, requestId: update.requestId, status: update.status })}\n`,
      );
    },
  },
);
process.stdout.write(`${JSON.stringify({ finished: true })}\n`);
