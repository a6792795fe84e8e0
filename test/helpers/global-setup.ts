import 'reflect-metadata';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/database-options';
import { runMigrationsUnderLock } from '../../src/database/run-migrations';
import { TEST_DATABASE_URL } from './test-env';

/** A fresh test database per run, migrated from zero, so every migration is exercised each time. */
export default async function globalSetup(): Promise<void> {
  const url = new URL(TEST_DATABASE_URL);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();

  const dataSource = await new DataSource(buildDataSourceOptions(TEST_DATABASE_URL, 2)).initialize();
  try {
    await runMigrationsUnderLock(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
