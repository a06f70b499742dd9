import type pg from 'pg';
import type { Database } from './pool.js';

/**
 * LISTEN on a channel over one dedicated connection, listening again on a new one when it drops (Postgres
 * restarted). Notifications sent while no connection listened are lost: callers re-read state on `onReconnect`.
 */
export async function listen(
  db: Database,
  channel: string,
  onPayload: (payload: string) => void,
  onReconnect: () => void = () => undefined,
): Promise<{ close(): Promise<void> }> {
  let client: pg.PoolClient | undefined;
  let closed = false;
  const connect = async (): Promise<void> => {
    const next = await db.pool.connect();
    next.on('notification', (message) => {
      if (message.channel === channel && message.payload !== undefined) onPayload(message.payload);
    });
    next.on('error', () => {
      if (client !== next) return;
      client = undefined;
      next.release(true);
      if (!closed) retry();
    });
    await next.query(`LISTEN ${channel}`);
    client = next;
  };
  const retry = () => {
    setTimeout(() => {
      if (closed) return;
      connect().then(onReconnect, retry);
    }, 500).unref();
  };
  await connect();
  return {
    async close() {
      closed = true;
      const current = client;
      client = undefined;
      current?.release(true);
    },
  };
}
