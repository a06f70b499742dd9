import { runInContext } from 'node:vm';
import { parse, tokenizer } from 'acorn';
import { describe, expect, it } from 'vitest';
import { assertEs3 } from '../../scripts/build-jsx.mjs';
import { builtJsx, createEs3Context } from './kit/es3-context.ts';

describe('built ExtendScript bundle', () => {
  it('parses as an ES3 script', () => {
    expect(() => parse(builtJsx(), { ecmaVersion: 3, sourceType: 'script' })).not.toThrow();
  });

  it('is one IIFE that names none of the ES5 library calls ExtendScript lacks', () => {
    const code = builtJsx();
    expect(code.split('\n')[1]).toBe('(function () {');
    // Tokens, not text: comments may mention JSON.parse.
    const names: string[] = [];
    let afterDot = false;
    for (const token of tokenizer(code, { ecmaVersion: 3 })) {
      if (token.type.label === 'name') {
        const value = String((token as { value?: unknown }).value);
        names.push(afterDot ? `.${value}` : value);
      }
      afterDot = token.type.label === '.';
    }
    const forbidden = [
      'JSON',
      '.forEach',
      '.map',
      '.filter',
      '.reduce',
      '.keys',
      '.defineProperty',
      '.create',
    ];
    // (`.bind` is not listed: app.bind is Premiere's event API; Function#bind is absent from the vm context.)
    expect(names.filter((name) => forbidden.includes(name) || name === '.trim')).toEqual([]);
    expect(names.length).toBeGreaterThan(1000);
  });
});

describe('the build script ES3 gate', () => {
  it.each([
    ['a trailing comma in an object literal', 'var a = { b: 1, };'],
    ['a getter', 'var a = { get b() { return 1; } };'],
    ['let/const', 'const a = 1;'],
    ['an arrow function', 'var f = () => 1;'],
    ['a reserved word as a property name', 'var a = x.default;'],
  ])('rejects %s', (_what, code) => {
    expect(() => assertEs3(code)).toThrow(/Not ES3/);
  });

  it('accepts ES3', () => {
    expect(() => assertEs3("var a = { 'default': 1 }; a['class'] = [1, 2];")).not.toThrow();
  });
});

describe('the ES3 test context', () => {
  it('lacks the ES5 library calls ExtendScript lacks', () => {
    const { context } = createEs3Context({});
    expect(runInContext('typeof JSON', context)).toBe('undefined');
    expect(
      runInContext('typeof [].map + typeof [].indexOf + typeof [].forEach + typeof Object.keys', context),
    ).toBe('undefinedundefinedundefinedundefined');
    expect(runInContext('typeof "x".trim + typeof Date.now + typeof Function.prototype.bind', context)).toBe(
      'undefinedundefinedundefined',
    );
  });
});
