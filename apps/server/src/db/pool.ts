import pg from 'pg';

/**
 * The server's connection pool, counting round trips: the load benchmark reports database round trips per job,
 * and a change that doubles them should show there.
 */
export interface Database {
  pool: pg.Pool;
  /** One statement, one round trip. */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>>;
  /** Runs `body` in one transaction on one connection (BEGIN/COMMIT count as round trips too). */
  transaction<T>(body: (client: Tx) => Promise<T>): Promise<T>;
  roundTrips(): number;
  close(): Promise<void>;
}

export interface Tx {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>>;
}

export function openDatabase(connectionString: string, options: { max?: number } = {}): Database {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10 });
  // A dropped connection (Postgres restarted) surfaces on the next query; an idle client's error must not crash us.
  pool.on('error', () => undefined);
  let trips = 0;
  return {
    pool,
    query(text, values) {
      trips++;
      return pool.query(text, values as unknown[]);
    },
    async transaction(body) {
      const client = await pool.connect();
      const tx: Tx = {
        query(text, values) {
          trips++;
          return client.query(text, values as unknown[]);
        },
      };
      try {
        await tx.query('BEGIN');
        const result = await body(tx);
        await tx.query('COMMIT');
        return result;
      } catch (error) {
        await tx.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    roundTrips: () => trips,
    close: () => pool.end(),
  };
}
