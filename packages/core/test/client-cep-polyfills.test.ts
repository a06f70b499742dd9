import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { installCepPolyfills } from '../src/client/cep-polyfills.js';
import { spawnTs } from './journal-helpers.js';

describe('installCepPolyfills', () => {
  it('fills only what is missing, with standard behaviour', () => {
    const context = runInNewContext(
      'delete Object.hasOwn; delete Array.prototype.at; delete String.prototype.at; globalThis',
    ) as typeof globalThis;
    const installed = installCepPolyfills(context);
    expect(installed).toEqual(
      [
        'Object.hasOwn',
        'Array.prototype.at',
        'String.prototype.at',
        'AbortSignal.prototype.throwIfAborted',
      ].filter(
        (name) =>
          name !== 'AbortSignal.prototype.throwIfAborted' || typeof context.AbortSignal === 'function',
      ),
    );
    const check = runInNewContext(
      `[Object.hasOwn({a: 1}, 'a'), Object.hasOwn(Object.create({a: 1}), 'a'), [1, 2, 3].at(-1), [1].at(5), 'abc'.at(-2),
        Object.keys(Array.prototype).includes('at')]`,
      context,
    ) as unknown[];
    expect(check).toEqual([true, false, 3, undefined, 'b', false]);
    expect(installCepPolyfills(context)).toEqual([]);
  });

  it('makes ky and the client work where Object.hasOwn and Array#at are missing', async () => {
    const child = spawnTs('test/client-cep-child.ts', []);
    const line = await child.firstLine;
    await child.exited;
    expect(String(line.before)).toMatch(/hasOwn/);
    expect(line.installed).toEqual([
      'Object.hasOwn',
      'Array.prototype.at',
      'AbortSignal.prototype.throwIfAborted',
    ]);
    expect(line.after).toBe('ok in_queue 4');
    expect(line.again).toEqual([]);
  }, 20_000);
});
