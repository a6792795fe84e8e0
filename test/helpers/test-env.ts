/**
 * The tests' own database and queue prefix, never the development ones. Loaded before every test
 * file (setupFiles) and by the global setup, so both agree.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/techbridge_test';

export function applyTestEnv(): void {
  process.env.NODE_ENV = 'test';
  process.env.DATABASE_URL = TEST_DATABASE_URL;
  process.env.REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  process.env.QUEUE_PREFIX = process.env.TEST_QUEUE_PREFIX ?? 'techbridge-test';
  process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
  process.env.LOGIN_RATE_LIMIT ??= '1000';
  process.env.RECOMMENDATIONS_RATE_LIMIT ??= '100000';
  process.env.OUTBOX_POLL_MS ??= '100';
  process.env.MIGRATIONS_RUN = 'false';
}

applyTestEnv();
