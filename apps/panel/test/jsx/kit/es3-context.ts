import { readFileSync } from 'node:fs';
import { createContext, runInContext } from 'node:vm';
import { inject } from 'vitest';

/**
 * Library calls ExtendScript (ES3) lacks. They are deleted from the vm context, so host code that uses one
 * fails a test even though Babel accepted it. (The fakes are outer-realm objects; arrays they hand to the host
 * are made inside the context — see `contextArray` — so array methods are missing there too.)
 */
const REMOVE_ES5 = `
  delete Array.prototype.map; delete Array.prototype.forEach; delete Array.prototype.filter;
  delete Array.prototype.indexOf; delete Array.prototype.lastIndexOf; delete Array.prototype.reduce;
  delete Array.prototype.reduceRight; delete Array.prototype.some; delete Array.prototype.every;
  delete Array.isArray; delete Object.keys; delete Object.defineProperty; delete Object.defineProperties;
  delete Object.create; delete Object.freeze; delete Object.getPrototypeOf; delete Function.prototype.bind;
  delete String.prototype.trim; delete Date.now; delete Date.prototype.toISOString; delete this.JSON;
`;

export type Globals = Record<string, unknown>;

export interface LoadedHost {
  /** Calls `$.reanimate.<name>(<request as a JSON literal>)` the way the panel's evalScript does. */
  call<T = unknown>(name: string, request?: unknown): HostOutcome<T>;
  /** The raw string the entry returned. */
  callRaw(name: string, request?: unknown): string;
  context: object;
  /** Makes an array inside the ES3 context (no map/forEach/indexOf). */
  contextArray<T>(items: T[]): T[];
}

export type HostOutcome<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

export function builtJsx(): string {
  return readFileSync(inject('jsxPath'), 'utf8');
}

export function createEs3Context(globals: Globals): { context: object; contextArray<T>(items: T[]): T[] } {
  const context = createContext({ ...globals });
  runInContext(REMOVE_ES5, context);
  const makeArray = runInContext('(function () { return []; })', context) as () => unknown[];
  return {
    context,
    contextArray<T>(items: T[]): T[] {
      const array = makeArray() as T[];
      for (const item of items) {
        array.push(item);
      }
      return array;
    },
  };
}

/** Runs the built bundle in an ES3-like context with the given fake host globals. */
export function loadHost(
  globals: Globals,
  onContext?: (es3: ReturnType<typeof createEs3Context>) => void,
): LoadedHost {
  const es3 = createEs3Context(globals);
  onContext?.(es3);
  runInContext(builtJsx(), es3.context, { filename: 'reanimate.jsx' });
  const callRaw = (name: string, request?: unknown): string => {
    const literal = request === undefined ? '' : JSON.stringify(request);
    const result: unknown = runInContext(`$.reanimate.${name}(${literal})`, es3.context);
    if (typeof result !== 'string') {
      throw new Error(`${name} returned ${typeof result}, not a JSON string`);
    }
    return result;
  };
  return {
    context: es3.context,
    contextArray: es3.contextArray,
    callRaw,
    call<T>(name: string, request?: unknown): HostOutcome<T> {
      return JSON.parse(callRaw(name, request)) as HostOutcome<T>;
    },
  };
}
