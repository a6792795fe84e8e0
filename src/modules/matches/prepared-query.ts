import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * Runs a statement as a named prepared statement on TypeORM's own pool. PostgreSQL then plans it
 * once per connection (a generic plan after a few runs) instead of on every request, which for the
 * recommendation lists costs more than executing them. The name derives from the text, so the same
 * text is the same statement and a different text never collides; keep the texts few (values as
 * parameters, never inlined).
 */
export async function preparedQuery<Row>(dataSource: DataSource, text: string, values: unknown[]): Promise<Row[]> {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  const name = `q${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
  const result = await pool.query({ name, text, values });
  return result.rows as Row[];
}
