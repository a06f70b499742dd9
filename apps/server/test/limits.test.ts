import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../src/db/embedded.js';
import { migrate } from '../src/db/migrations.js';
import { type Database, openDatabase } from '../src/db/pool.js';
import { accountSlots, configureSlots } from '../src/limits/account-slots.js';
import { sharedRateLimiter } from '../src/limits/shared-rate-limit.js';
import { until } from './support/team.js';

describe('account limits across workers, on a real Postgres', () => {
  let pg: EmbeddedDatabase;
  let a: Database;
  let b: Database;
  beforeAll(async () => {
    pg = await startEmbeddedPostgres();
    a = openDatabase(pg.url);
    b = openDatabase(pg.url);
    await migrate(a);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await pg?.destroy();
  });

  it('a 429 seen by one worker pauses every worker until its Retry-After; a worker started later waits too', async () => {
    const first = await sharedRateLimiter(a);
    const second = await sharedRateLimiter(b);
    expect(second.limiter.remainingMs()).toBe(0);
    first.limiter.observe({ status: 429, headers: new Headers({ 'retry-after': '3' }) });
    await until(async () => second.limiter.remainingMs() > 2_000, 2_000, 'the other worker to pause');
    const late = await sharedRateLimiter(openDatabase(pg.url));
    expect(late.limiter.remainingMs()).toBeGreaterThan(1_500);
    await Promise.all([first.close(), second.close(), late.close()]);
  });

  it('never hands out more slots than the account allows; a dead holder’s slot frees when its lease runs out', async () => {
    await configureSlots(a, 2);
    const one = await accountSlots(a, { owner: 'w1', leaseMs: 1_000 });
    const two = await accountSlots(b, { owner: 'w2', leaseMs: 1_000 });
    const r1 = await one.acquire('run-1');
    await two.acquire('run-2');
    let third = false;
    const waiting = one.acquire('run-3').then((release) => {
      third = true;
      return release;
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(third).toBe(false);
    await r1();
    const r3 = await waiting;
    expect(third).toBe(true);
    // w2 "dies" holding run-2's slot: its renewals stop with its connections (nothing is released).
    await two.close();
    await b.close();
    const three = await accountSlots(a, { owner: 'w3', leaseMs: 1_000, pollMs: 200 });
    const r4 = await three.acquire('run-4');
    await r3();
    await r4();
    await Promise.all([one.close(), three.close()]);
    b = openDatabase(pg.url);
  }, 30_000);
});
