import { type KeyValueStore, type NodeModules, writeFileAtomic } from '@reanimate/core';

/**
 * One JSON file per key in a folder (CEP's user-data folder), written through core's atomic writer, which creates
 * every file owner-only (0600): the token's store needs that, and settings lose nothing by it. The folder is 0700.
 */
export function createFileStore(
  node: Pick<NodeModules, 'fs' | 'path' | 'process'>,
  folder: string,
): KeyValueStore {
  const file = (key: string) => node.path.join(folder, `${encodeURIComponent(key)}.json`);
  let ready: Promise<unknown> | undefined;
  const ensure = () => {
    ready ??= node.fs.mkdir(folder, { recursive: true, mode: 0o700 });
    return ready;
  };
  return {
    async get<T>(key: string) {
      await ensure();
      let text: string;
      try {
        text = await node.fs.readFile(file(key), 'utf8');
      } catch {
        return undefined;
      }
      return JSON.parse(text) as T;
    },
    async set(key, value) {
      await ensure();
      await writeFileAtomic(node, file(key), JSON.stringify(value));
    },
    async delete(key) {
      await node.fs.unlink(file(key)).catch(() => undefined);
    },
    async keys(prefix) {
      await ensure();
      const names = await node.fs.readdir(folder);
      return names
        .filter((name) => name.endsWith('.json'))
        .map((name) => decodeURIComponent(name.slice(0, -'.json'.length)))
        .filter((key) => key.startsWith(prefix));
    },
  };
}
