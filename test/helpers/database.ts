import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/database-options';
import { TEST_DATABASE_URL } from './test-env';

/** Empties every table but the migrations' so each test file starts from a known state. */
export async function truncateAllTables(dataSource: DataSource): Promise<void> {
  const tables: { tablename: string }[] = await dataSource.query(
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations'",
  );
  if (tables.length === 0) return;
  await dataSource.query(`TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`);
}

/** A connection to the test database for one integration test file, every table emptied. */
export async function openEmptyTestDatabase(): Promise<DataSource> {
  const dataSource = await new DataSource(buildDataSourceOptions(TEST_DATABASE_URL, 2)).initialize();
  await truncateAllTables(dataSource);
  return dataSource;
}

/** Leaves the tables empty for the next file and closes the connection. */
export async function closeEmptiedTestDatabase(dataSource: DataSource): Promise<void> {
  await truncateAllTables(dataSource);
  await dataSource.destroy();
}
