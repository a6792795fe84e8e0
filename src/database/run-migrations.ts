import { DataSource, Migration } from 'typeorm';

/** Any fixed key works; it only has to be the same for every API process of this database. */
const MIGRATION_LOCK_KEY = 7_163_826_401;

/**
 * Applies pending migrations while holding a PostgreSQL advisory lock, so several API processes
 * starting at once apply each migration exactly once and none serves a half-migrated schema.
 */
export async function runMigrationsUnderLock(dataSource: DataSource): Promise<Migration[]> {
  const lockRunner = dataSource.createQueryRunner();
  await lockRunner.connect();
  try {
    await lockRunner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await lockRunner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lockRunner.release();
  }
}
