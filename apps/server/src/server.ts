import { createClient, createPipeline, type ModelPrice, type S3SettingsInput } from '@reanimate/core';
import { createNodeInputHost } from '@reanimate/core/node';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './api/app.js';
import { listenToRuns } from './api/run-events.js';
import type { ServerConfig } from './config.js';
import { migrate } from './db/migrations.js';
import { type Database, openDatabase } from './db/pool.js';
import { createPgJournal } from './journal/pg-journal.js';
import { pgPlatform } from './journal/pg-platform.js';
import { enqueueIn, startQueue } from './worker/queue.js';
import { workerIdentity } from './worker/worker.js';

export interface TeamServer {
  url: string;
  app: FastifyInstance;
  db: Database;
  close(): Promise<void>;
}

/** The HTTP API: migrates, then serves; it never runs jobs itself (workers do), but it estimates and cancels. */
export async function startServer(config: ServerConfig): Promise<TeamServer> {
  const db = openDatabase(config.databaseUrl);
  await migrate(db);
  const boss = await startQueue(config.databaseUrl);
  const events = await listenToRuns(db);
  const journal = createPgJournal(db, { owner: `server:${workerIdentity()}`, leaseMs: config.leaseMs });
  const client = createClient({
    token: config.runcomfyToken,
    ...(config.runcomfyBaseUrl ? { baseUrl: config.runcomfyBaseUrl } : {}),
  });
  const pipeline = createPipeline({
    platform: pgPlatform(journal),
    client,
  });
  // The price changes rarely: asked once per five minutes, whoever asks.
  let price: { at: number; value: Promise<ModelPrice> } | undefined;
  const currentPrice = () => {
    if (!price || Date.now() - price.at > 5 * 60_000) {
      const value = client.getPrice();
      price = { at: Date.now(), value };
      value.catch(() => {
        price = undefined;
      });
    }
    return price.value;
  };
  const app = await buildApp({
    db,
    enqueue: enqueueIn(boss),
    events,
    pipeline,
    price: currentPrice,
    bodyLimit: config.bodyLimit,
    ...(config.s3
      ? { inputHost: once(() => createNodeInputHost({ provider: 's3', s3: config.s3 as S3SettingsInput })) }
      : {}),
  });
  const address = await app.listen({ port: config.port, host: config.host });
  return {
    url: address,
    app,
    db,
    async close() {
      await app.close();
      await events.close();
      await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
      await db.close();
    },
  };
}

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}
