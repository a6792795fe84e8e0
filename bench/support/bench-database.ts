import 'reflect-metadata';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/database-options';
import { runMigrationsUnderLock } from '../../src/database/run-migrations';

export const BENCH_SERVER_URL = process.env.BENCH_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';

/** A database of the bench's own, dropped and migrated from zero, so runs never see each other's rows. */
export async function freshBenchDatabase(name: string): Promise<{ url: string; dataSource: DataSource }> {
  const admin = new Client({ connectionString: `${BENCH_SERVER_URL}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = `${BENCH_SERVER_URL}/${name}`;
  const dataSource = await new DataSource(buildDataSourceOptions(url, 8)).initialize();
  await runMigrationsUnderLock(dataSource);
  return { url, dataSource };
}

export function percentile(sortedAscending: readonly number[], p: number): number {
  if (sortedAscending.length === 0) return NaN;
  const index = Math.min(sortedAscending.length - 1, Math.max(0, Math.ceil((p / 100) * sortedAscending.length) - 1));
  return sortedAscending[index];
}

export function summarize(samplesMs: readonly number[]): { p50: number; p95: number; mean: number } {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), mean: sorted.reduce((s, x) => s + x, 0) / Math.max(1, sorted.length) };
}

export const ms = (x: number): string => `${x.toFixed(x < 10 ? 2 : 1)} ms`;
