import { describe, expect, it } from 'vitest';
import { SharedRateLimiter } from '../src/client/rate-limiter.js';

describe('SharedRateLimiter', () => {
  it('pauses every caller after any 429, for the Retry-After the service sent', async () => {
    let now = 1_000;
    const slept: number[] = [];
    const limiter = new SharedRateLimiter({
      now: () => now,
      sleep: async (ms) => {
        slept.push(ms);
        now += ms;
      },
    });
    const fetches: string[] = [];
    const answers = [
      new Response('slow down', { status: 429, headers: { 'retry-after': '2' } }),
      new Response('{}', { status: 200 }),
      new Response('{}', { status: 200 }),
    ];
    const fetch = limiter.wrapFetch(async (input) => {
      fetches.push(`${input.url}@${now}`);
      return answers.shift() as Response;
    });
    await fetch(new Request('http://x/a'));
    expect(limiter.remainingMs()).toBe(2000);
    // Two other jobs now both wait out the same pause before sending anything.
    await Promise.all([fetch(new Request('http://x/b')), fetch(new Request('http://x/c'))]);
    expect(fetches[0]).toBe('http://x/a@1000');
    const later = fetches.slice(1).map((entry) => Number(entry.split('@')[1]));
    expect(later).toHaveLength(2);
    for (const at of later) expect(at).toBeGreaterThanOrEqual(3000);
    expect(slept[0]).toBe(2000);
    expect(limiter.hits).toBe(1);
  });

  it('uses a default pause without Retry-After and honours 503 only when it says when', () => {
    const limiter = new SharedRateLimiter({ now: () => 0, defaultPauseMs: 700 });
    limiter.observe(new Response(null, { status: 503 }));
    expect(limiter.remainingMs()).toBe(0);
    limiter.observe(new Response(null, { status: 429 }));
    expect(limiter.remainingMs()).toBe(700);
    limiter.observe(new Response(null, { status: 503, headers: { 'retry-after': '3' } }));
    expect(limiter.remainingMs()).toBe(3000);
  });

  it("reads Retry-After as an HTTP date too (core's one parser)", () => {
    const now = Date.parse('2026-12-01T10:00:00Z');
    const limiter = new SharedRateLimiter({ now: () => now });
    limiter.observe(
      new Response(null, { status: 429, headers: { 'retry-after': new Date(now + 6_000).toUTCString() } }),
    );
    expect(limiter.remainingMs()).toBe(6000);
  });
});
