import type { KeyValueStore } from '@reanimate/core';

/**
 * The browser harness's store: one IndexedDB object store per name. Used only on the SimulatedHost; the CEP panel
 * writes files in the user data folder instead.
 */
export function createIndexedDbStore(name: string, factory: IDBFactory = indexedDB): KeyValueStore {
  let opened: Promise<IDBDatabase> | undefined;
  const db = () => {
    opened ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.open(`reanimate-${name}`, 1);
      request.onupgradeneeded = () => request.result.createObjectStore('kv');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    return opened;
  };
  const run = async <T>(mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<T>) => {
    const database = await db();
    return new Promise<T>((resolve, reject) => {
      const request = fn(database.transaction('kv', mode).objectStore('kv'));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  };
  return {
    async get<T>(key: string) {
      const value = await run<unknown>('readonly', (store) => store.get(key));
      return value === undefined ? undefined : (JSON.parse(String(value)) as T);
    },
    async set(key, value) {
      await run('readwrite', (store) => store.put(JSON.stringify(value), key));
    },
    async delete(key) {
      await run('readwrite', (store) => store.delete(key));
    },
    async keys(prefix) {
      const all = await run<IDBValidKey[]>('readonly', (store) => store.getAllKeys());
      return all.map(String).filter((key) => key.startsWith(prefix));
    },
  };
}
