/**
 * The CEP 11 panel runs Chromium 88, which lacks APIs that ky 1.x calls on every request (`Object.hasOwn`, Chrome
 * 93) or in its option merging (`Array.prototype.at`, Chrome 92), and that its retry delay uses
 * (`AbortSignal.prototype.throwIfAborted`, Chrome 100). Core itself avoids them. Call this once at the top of the
 * panel's entry, before the first request; it only fills what is missing and returns the names it filled.
 * CEP 12 (Chromium 99) still needs `throwIfAborted`. Vite's build target does not add these: it lowers syntax only.
 */
export function installCepPolyfills(global: typeof globalThis = globalThis): string[] {
  const installed: string[] = [];
  const define = (target: object, name: string, value: unknown) => {
    Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });
  };

  const ObjectCtor = global.Object as ObjectConstructor & { hasOwn?: unknown };
  if (typeof ObjectCtor.hasOwn !== 'function') {
    define(ObjectCtor, 'hasOwn', (object: object, key: PropertyKey) =>
      ObjectCtor.prototype.hasOwnProperty.call(ObjectCtor(object), key),
    );
    installed.push('Object.hasOwn');
  }

  function at(this: ArrayLike<unknown>, index: number) {
    const length = this.length >>> 0;
    let relative = Math.trunc(index) || 0;
    if (relative < 0) relative += length;
    return relative < 0 || relative >= length ? undefined : this[relative];
  }
  const withAt: Array<[string, { prototype: object } | undefined]> = [
    ['Array.prototype.at', global.Array],
    ['String.prototype.at', global.String],
  ];
  for (const [name, ctor] of withAt) {
    if (ctor && typeof (ctor.prototype as { at?: unknown }).at !== 'function') {
      define(ctor.prototype, 'at', at);
      installed.push(name);
    }
  }

  const signalPrototype = global.AbortSignal?.prototype as
    | (AbortSignal & { throwIfAborted?: unknown })
    | undefined;
  if (signalPrototype && typeof signalPrototype.throwIfAborted !== 'function') {
    define(signalPrototype, 'throwIfAborted', function throwIfAborted(this: AbortSignal) {
      if (!this.aborted) return;
      if (this.reason !== undefined) throw this.reason;
      const error = new Error('This operation was aborted');
      error.name = 'AbortError';
      throw error;
    });
    installed.push('AbortSignal.prototype.throwIfAborted');
  }
  return installed;
}
