/**
 * Redis stopped during a burst of submissions, then back empty (as after a crash without
 * persistence, or a FLUSHALL): every submission must be answered 2xx, none lost (each listing
 * stored with its outbox row), and every listing scored within 60 s of Redis's return, its jobs
 * re-derived from PostgreSQL.
 *
 * Uses a Redis of its own (a child redis-server on RELIABILITY_REDIS_PORT, default 6391), never the
 * shared one on 6379, and a database of its own; the API and one worker run as child processes.
 * Run: npx ts-node --transpile-only scripts/reliability/redis-outage.ts [outageSeconds=30] [drainLimitSeconds=60]
 * Exits 1 when a check fails.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { freshBenchDatabase } from '../../bench/support/bench-database';
import { requestJson, serviceEnv, startEntry, stopProcess, waitForLive } from '../../bench/support/http-bench';

const OUTAGE_SECONDS = Number(process.argv[2] ?? 30);
const DRAIN_LIMIT_SECONDS = Number(process.argv[3] ?? 60);
const REDIS_PORT = Number(process.env.RELIABILITY_REDIS_PORT ?? 6391);
const API_PORT = Number(process.env.RELIABILITY_API_PORT ?? 3931);
const DATABASE = process.env.RELIABILITY_DATABASE ?? 'techbridge_reliability';
const BASE = `http://127.0.0.1:${API_PORT}`;
const SUBMITTERS = 4;
/** The API's and the worker's own error output (connection errors by the hundred while Redis is away). */
const LOG = process.env.RELIABILITY_LOG ?? '/tmp/techbridge-redis-outage.log';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const elapsed = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

function startRedis(): ChildProcess {
  // No persistence: a restart comes back empty, the harder case (the same as a flush).
  return spawn('redis-server', ['--port', String(REDIS_PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
}

async function redisCli(...args: string[]): Promise<string> {
  const cli = spawn('redis-cli', ['-p', String(REDIS_PORT), ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise<string>((resolve) => {
    let out = '';
    cli.stdout.on('data', (chunk) => (out += chunk));
    cli.on('close', () => resolve(out.trim()));
  });
}

async function waitForRedis(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if ((await redisCli('ping')) === 'PONG') return;
    await sleep(100);
  }
  throw new Error(`redis-server on port ${REDIS_PORT} did not start`);
}

const post = (path: string, body: unknown, token?: string) => requestJson(BASE, 'POST', path, body, token);

const OFFER = {
  title: '海岛光伏微电网成套技术',
  description: '本技术为海岛和偏远村庄提供分布式光伏发电与储能一体化微电网解决方案，包括高效光伏组件、锂电池储能系统和能量管理系统，可替代柴油发电。',
  trl: 8,
  transferModes: ['licensing', 'technical-services'],
};
const NEED = {
  title: 'ต้องการระบบผลิตไฟฟ้าจากเซลล์แสงอาทิตย์สำหรับเกาะ',
  description: 'องค์กรของเราต้องการระบบผลิตไฟฟ้าจากเซลล์แสงอาทิตย์และแบตเตอรี่กักเก็บพลังงาน สำหรับชุมชนบนเกาะที่ยังใช้เครื่องปั่นไฟดีเซล',
  minTrl: 6,
  transferModes: ['licensing', 'joint-venture'],
};

async function main(): Promise<void> {
  console.log(`redis outage: Redis on port ${REDIS_PORT} stopped for ${OUTAGE_SECONDS} s during submissions, back empty; drain limit ${DRAIN_LIMIT_SECONDS} s`);
  const { url, dataSource } = await freshBenchDatabase(DATABASE);
  let redis: ChildProcess | undefined = startRedis();
  let api: ChildProcess | undefined;
  let worker: ChildProcess | undefined;
  const failures: string[] = [];
  try {
    await waitForRedis();
    const env = serviceEnv(url, 'techbridge-reliability', {
      REDIS_URL: `redis://127.0.0.1:${REDIS_PORT}`,
      PORT: String(API_PORT),
      LISTING_REVIEW: 'off',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
    });
    const log = openSync(LOG, 'w');
    console.log(`  API and worker output: ${LOG}`);
    api = startEntry('main.ts', { env, stdio: ['ignore', log, log] });
    worker = startEntry('worker.ts', { env, stdio: ['ignore', log, log] });
    await waitForLive(api, BASE);

    const tokens: string[] = [];
    for (let i = 0; i < 8; i++) {
      const registered = await post('/api/v1/auth/register', {
        email: `outage${i}@example.org`,
        password: 'correct horse battery staple',
        name: `Outage ${i}`,
        party: { name: `Outage party ${i}`, country: i % 2 ? 'CN' : 'TH', kind: 'enterprise' },
      });
      if (registered.status !== 201) throw new Error(`register answered ${registered.status}`);
      tokens.push(registered.json.accessToken as string);
    }

    // Submissions run through the whole scenario: before, during and after the outage.
    const statuses = new Map<string, number>();
    const accepted: string[] = [];
    let submitting = true;
    let sent = 0;
    let phase = 'before';
    const submitters = Array.from({ length: SUBMITTERS }, async (_, s) => {
      while (submitting) {
        const i = sent++;
        const kind = i % 2 ? 'offers' : 'needs';
        const response = await post(`/api/v1/${kind}`, { ...(kind === 'offers' ? OFFER : NEED), title: `${i} ${kind === 'offers' ? OFFER.title : NEED.title}` }, tokens[(i + s) % tokens.length]);
        const key = `${phase} ${response.status}`;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
        if (response.status === 201) accepted.push(response.json.id as string);
        await sleep(40);
      }
    });

    const started = Date.now();
    await sleep(5_000);
    phase = 'during';
    console.log(`  ${elapsed(started)}: stopping Redis (${accepted.length} listings accepted so far)`);
    await stopProcess(redis, 'SIGKILL');
    redis = undefined;
    await sleep(OUTAGE_SECONDS * 1000);
    phase = 'after';
    redis = startRedis();
    await waitForRedis();
    const back = Date.now();
    console.log(`  ${elapsed(started)}: Redis is back, empty (${accepted.length} listings accepted so far)`);
    await sleep(5_000);
    submitting = false;
    await Promise.all(submitters);
    console.log(`  ${elapsed(started)}: submissions stopped: ${sent} sent, ${accepted.length} accepted`);
    console.log(`  answers: ${[...statuses.entries()].map(([key, n]) => `${key}: ${n}`).join(', ')}`);

    const refused = [...statuses.entries()].filter(([key]) => !key.endsWith(' 201'));
    if (refused.length) failures.push(`submissions not answered 201: ${refused.map(([key, n]) => `${key} x${n}`).join(', ')}`);

    const [stored] = await dataSource.query(
      `SELECT count(*)::int AS listings,
              count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM outbox_events e WHERE e.listing_id = l.id))::int AS "withoutOutbox"
         FROM listings l WHERE l.id = ANY($1::uuid[])`,
      [accepted],
    );
    console.log(`  stored: ${stored.listings} of ${accepted.length} accepted listings, ${stored.withoutOutbox} without an outbox row`);
    if (stored.listings !== accepted.length) failures.push(`${accepted.length - stored.listings} accepted listings are missing`);
    if (stored.withoutOutbox > 0) failures.push(`${stored.withoutOutbox} listings have no outbox row`);

    let unscored = -1;
    const drainDeadline = back + DRAIN_LIMIT_SECONDS * 1000;
    while (Date.now() < drainDeadline + 60_000) {
      [{ unscored }] = await dataSource.query(
        `SELECT count(*)::int AS unscored FROM listings WHERE status = 'published' AND (scored_revision IS NULL OR scored_revision < revision)`,
      );
      if (unscored === 0) break;
      await sleep(500);
    }
    const drained = (Date.now() - back) / 1000;
    if (unscored === 0) {
      console.log(`  backlog drained ${drained.toFixed(1)} s after Redis returned`);
      if (drained > DRAIN_LIMIT_SECONDS) failures.push(`the backlog took ${drained.toFixed(1)} s to drain (limit ${DRAIN_LIMIT_SECONDS} s)`);
    } else {
      failures.push(`${unscored} published listings still unscored ${drained.toFixed(0)} s after Redis returned`);
    }
    const [pending] = await dataSource.query(`SELECT count(*)::int AS n FROM outbox_events WHERE dispatched_at IS NULL`);
    console.log(`  outbox rows not yet dispatched: ${pending.n}`);
    // The reconciler runs from a BullMQ job scheduler stored in Redis: an empty Redis has none.
    const schedulers = await redisCli('--scan', '--pattern', 'techbridge-reliability:maintenance:repeat*');
    console.log(`  reconcile scheduler in Redis after its return: ${schedulers ? 'present' : 'MISSING (until a worker restarts)'}`);
  } finally {
    await stopProcess(worker);
    await stopProcess(api);
    await stopProcess(redis);
    await dataSource.destroy();
  }
  console.log(failures.length ? `FAILED:\n  ${failures.join('\n  ')}` : 'OK: every submission answered 201, none lost, backlog drained in time');
  process.exitCode = failures.length ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
