/**
 * PostgreSQL away under load: the API must answer 503 (never 500) while its database is gone,
 * serve again within 5 s of its return without a restart, and keep every accepted listing with its
 * outbox row.
 *
 * The outage is of the script's own database only, not of the shared server: new connections to it
 * are refused (ALTER DATABASE ... ALLOW_CONNECTIONS false) and every open one is terminated
 * (pg_terminate_backend, the 57P01 a restart sends), which is what the API meets during a restart.
 * Redis is the shared one, under a queue prefix of its own. The API runs as a child process.
 * Run: npx ts-node --transpile-only scripts/reliability/postgres-outage.ts [outageSeconds=15] [recoveryLimitSeconds=5]
 * Exits 1 when a check fails.
 */
import { ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { Client } from 'pg';
import { BENCH_SERVER_URL, freshBenchDatabase } from '../../bench/support/bench-database';
import { requestJson, serviceEnv, startEntry, waitForLive } from '../../bench/support/http-bench';

const OUTAGE_SECONDS = Number(process.argv[2] ?? 15);
const RECOVERY_LIMIT_SECONDS = Number(process.argv[3] ?? 5);
const API_PORT = Number(process.env.RELIABILITY_API_PORT ?? 3932);
const DATABASE = process.env.RELIABILITY_DATABASE ?? 'techbridge_reliability_pg';
const LOG = process.env.RELIABILITY_LOG ?? '/tmp/techbridge-postgres-outage.log';
const BASE = `http://127.0.0.1:${API_PORT}`;
const CLIENTS = 4;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// No answer at all (a hung or dead API) is status 0, counted as a failure like a 500.
const call = (method: string, path: string, body?: unknown, token?: string) => requestJson(BASE, method, path, body, token);

async function onServer<T>(run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: `${BENCH_SERVER_URL}/postgres` });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

const cutOff = (allow: boolean) =>
  onServer(async (client) => {
    await client.query(`ALTER DATABASE "${DATABASE}" ALLOW_CONNECTIONS ${allow}`);
    if (!allow) await client.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [DATABASE]);
  });

async function main(): Promise<void> {
  console.log(`postgres outage: database ${DATABASE} cut off for ${OUTAGE_SECONDS} s under load; recovery limit ${RECOVERY_LIMIT_SECONDS} s`);
  const { url, dataSource } = await freshBenchDatabase(DATABASE);
  await dataSource.destroy();
  let api: ChildProcess | undefined;
  const failures: string[] = [];
  try {
    const log = openSync(LOG, 'w');
    console.log(`  API output: ${LOG}`);
    api = startEntry('main.ts', {
      env: serviceEnv(url, 'techbridge-reliability-pg', { PORT: String(API_PORT), LISTING_REVIEW: 'off', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' }),
      stdio: ['ignore', log, log],
    });
    await waitForLive(api, BASE);

    const tokens: string[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const registered = await call('POST', '/api/v1/auth/register', {
        email: `pg-outage${i}@example.org`,
        password: 'correct horse battery staple',
        name: `PG outage ${i}`,
        party: { name: `PG outage party ${i}`, country: i % 2 ? 'CN' : 'VN', kind: 'university' },
      });
      if (registered.status !== 201) throw new Error(`register answered ${registered.status}`);
      tokens.push(registered.json.accessToken as string);
    }

    const statuses = new Map<string, number>();
    const accepted: string[] = [];
    let phase: 'before' | 'during' | 'after' = 'before';
    let returnedAt = 0;
    let firstSuccessAfter = 0;
    let running = true;
    let sent = 0;
    // Writers and readers (a write and a search alternately), as members use the forum.
    const clients = Array.from({ length: CLIENTS }, async (_, c) => {
      while (running) {
        const i = sent++;
        const response =
          i % 2
            ? await call('POST', '/api/v1/offers', { title: `Offer ${i}: solar micro-grid for islands`, description: 'Photovoltaic generation with battery storage for island villages.', trl: 7, transferModes: ['licensing'] }, tokens[c])
            : await call('GET', '/api/v1/offers?limit=5', undefined, tokens[c]);
        const key = `${phase} ${response.status}`;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
        if (response.status === 201) accepted.push(response.json.id as string);
        if (phase === 'after' && response.status < 300 && firstSuccessAfter === 0) firstSuccessAfter = Date.now();
        await sleep(50);
      }
    });

    await sleep(4_000);
    phase = 'during';
    await cutOff(false);
    console.log(`  database cut off (${accepted.length} listings accepted so far)`);
    await sleep(OUTAGE_SECONDS * 1000);
    await cutOff(true);
    phase = 'after';
    returnedAt = Date.now();
    console.log('  database back');
    await sleep(Math.max(8_000, RECOVERY_LIMIT_SECONDS * 2000));
    running = false;
    await Promise.all(clients);
    console.log(`  answers: ${[...statuses.entries()].map(([key, n]) => `${key}: ${n}`).join(', ')}`);

    const bad = [...statuses.entries()].filter(([key]) => / (0|5(?!03)\d\d)$/.test(key));
    if (bad.length) failures.push(`answers other than 503 for an unavailable database: ${bad.map(([key, n]) => `${key} x${n}`).join(', ')}`);
    if (!statuses.has('during 503')) failures.push('no 503 while the database was away: the outage did not reach the API');
    const recovery = firstSuccessAfter ? (firstSuccessAfter - returnedAt) / 1000 : Infinity;
    console.log(`  first success ${recovery.toFixed(2)} s after the database returned`);
    if (recovery > RECOVERY_LIMIT_SECONDS) failures.push(`recovery took ${recovery.toFixed(2)} s (limit ${RECOVERY_LIMIT_SECONDS} s)`);

    const [stored] = await onServer(async () => {
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        const result = await client.query(
          `SELECT count(*)::int AS listings,
                  count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM outbox_events e WHERE e.listing_id = l.id))::int AS "withoutOutbox"
             FROM listings l WHERE l.id = ANY($1::uuid[])`,
          [accepted],
        );
        return result.rows;
      } finally {
        await client.end();
      }
    });
    console.log(`  stored: ${stored.listings} of ${accepted.length} accepted listings, ${stored.withoutOutbox} without an outbox row`);
    if (stored.listings !== accepted.length) failures.push(`${accepted.length - stored.listings} accepted listings are missing`);
    if (stored.withoutOutbox > 0) failures.push(`${stored.withoutOutbox} listings have no outbox row`);
  } finally {
    await cutOff(true).catch(() => undefined);
    if (api && api.exitCode === null) {
      const exited = new Promise((resolve) => api!.once('exit', resolve));
      api.kill('SIGTERM');
      await Promise.race([exited, sleep(30_000)]);
    }
  }
  console.log(failures.length ? `FAILED:\n  ${failures.join('\n  ')}` : 'OK: 503 while away, recovered in time, no listing without its outbox row');
  process.exitCode = failures.length ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
