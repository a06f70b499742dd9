/**
 * `npm run demo:team`: an embedded Postgres, the API server, two workers (real processes) and the emulator; two
 * editors send a small batch with overlapping clips; the demo prints what was submitted to the service and what was
 * deduplicated, then shuts everything down. Offline: nothing leaves this machine.
 */
import { type Emotion, TEAM_FINAL_STATES } from '@reanimate/core';
import { startEmulator } from '@reanimate/emulator';
import { addUser } from '../src/auth/api-keys.js';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { migrate } from '../src/db/migrations.js';
import { openDatabase } from '../src/db/pool.js';
import { startServer } from '../src/server.js';
import { localConfig } from './local-config.js';
import { sampleClip, startMediaServer } from './sample-bucket.js';
import { spawnWorker } from './worker-process.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main() {
  say('Starting an embedded Postgres, the RunComfy emulator, the sample bucket…');
  const pg = await startEmbeddedPostgres();
  const emulator = await startEmulator({ workers: 4, processing: { fixedMs: 800 }, ffmpegPath: false });
  const bucket = await startMediaServer();
  const config = localConfig(pg.url, emulator.url, {
    maxConcurrentJobs: 3,
    workerConcurrency: 2,
    leaseMs: 5_000,
  });
  const db = openDatabase(pg.url);
  await migrate(db);
  const alice = await addUser(db, 'alice', 'editor');
  const bob = await addUser(db, 'bob', 'editor');
  const server = await startServer(config);
  const workers = [spawnWorker(config), spawnWorker(config)];
  say(`Team server on ${server.url} (OpenAPI: ${server.url}/openapi.json), 2 workers, account cap 3 jobs.\n`);

  const clip = (who: 'alice' | 'bob', temperature: number, emotion: Emotion = 'neutral') => ({
    ...sampleClip(bucket.url, who, { temperature, emotion }),
    label: `${who}: ${emotion} @ ${temperature}`,
  });
  const batch = [
    { who: alice, body: clip('alice', 0.3) },
    { who: alice, body: clip('alice', 0.5) },
    { who: alice, body: clip('alice', 0.7, 'happy') },
    { who: bob, body: clip('bob', 0.5) },
    { who: bob, body: clip('bob', 0.7, 'happy') },
    { who: bob, body: clip('bob', 0.9, 'sad') },
  ];
  const api = (path: string, key: string, body?: unknown) =>
    fetch(`${server.url}${path}`, {
      method: body ? 'POST' : 'GET',
      headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    }).then((response) => response.json() as Promise<Record<string, unknown>>);

  type Job = {
    id: string;
    label: string;
    state: string;
    deduplicated: boolean;
    run: { id: string; estimatedUsd: number | null; chargedUsd: number | null };
  };
  const submitted: { key: string; job: Job }[] = [];
  for (const { who, body } of batch) {
    const estimate = (await api('/v1/estimates', who.key, {
      video: body.video,
      audio: body.audio,
      options: body.options,
    })) as {
      estimatedUsd: number;
      deduplicates: boolean;
    };
    const { job } = (await api('/v1/jobs', who.key, body)) as { job: Job };
    submitted.push({ key: who.key, job });
    say(
      `${body.label.padEnd(24)} → ${job.id}  ${job.deduplicated ? 'deduplicated: joins an existing job, nothing more to pay' : `new job, estimated $${estimate.estimatedUsd.toFixed(2)}`}`,
    );
  }
  say('\nFollowing the jobs…');
  const final = new Set<string>(TEAM_FINAL_STATES);
  const results: Job[] = [];
  for (const { key, job } of submitted) {
    for (;;) {
      const { job: now } = (await api(`/v1/jobs/${job.id}`, key)) as { job: Job };
      if (final.has(now.state)) {
        results.push(now);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  say('');
  for (const job of results) {
    say(
      `${job.label.padEnd(24)} ${job.state.padEnd(6)} run ${job.run.id}  charged $${(job.run.chargedUsd ?? 0).toFixed(2)}${job.deduplicated ? ' (shared)' : ''}`,
    );
  }
  const distinct = new Set(results.map((job) => job.run.id));
  const charged = [...distinct].reduce(
    (sum, id) => sum + (results.find((j) => j.run.id === id)?.run.chargedUsd ?? 0),
    0,
  );
  const sent = emulator.requests.filter((r) => r.route === 'submit').length;
  say(
    `\n${results.length} requests from 2 editors → ${sent} jobs submitted to RunComfy, ${results.filter((j) => j.deduplicated).length} deduplicated; charged $${charged.toFixed(2)} in all.`,
  );
  const ok = sent === distinct.size && results.every((job) => job.state === 'done');

  say('Shutting down…');
  await Promise.all(workers.map((w) => w.stop()));
  await server.close();
  await db.close();
  await emulator.close();
  await bucket.close();
  await pg.destroy();
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`demo failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
