import autocannon from 'autocannon';
import { ChildProcess, spawn, StdioOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';

/**
 * Waits until the API answers its liveness probe; fails if the process exits first. Started from
 * source on a busy machine, the API has needed more than a minute; scripts that start it beside a
 * worker and a seeding load give it longer (`timeoutMs`).
 */
export async function waitForLive(server: ChildProcess, base: string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the API exited with code ${server.exitCode}`);
    try {
      if ((await fetch(`${base}/health/live`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the API did not start within ${timeoutMs / 1000} s`);
}

export function runAutocannon(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** One line per route: throughput, p50, p99 and how many answers were not 2xx. */
export function resultLine(name: string, result: autocannon.Result, width = 28): string {
  const non2xx = result.non2xx + result.errors + result.timeouts;
  return `${name.padEnd(width)} ${result.requests.average.toFixed(0).padStart(7)} req/s   p50 ${String(result.latency.p50).padStart(4)} ms   p99 ${String(result.latency.p99).padStart(4)} ms   (${result.requests.total} requests, ${non2xx} not 2xx)`;
}

/**
 * The V8 flags `npm run start:api` / `start:worker`, the Dockerfile and docker-compose run with:
 * a young generation of 64 MB instead of 16 halves the scavenges of a request-heavy process
 * (recommendations: 1.86 -> 1.31 ms of API CPU per request).
 */
export const SERVICE_NODE_FLAGS = ['--max-semi-space-size=64'];

/** The key the services of benches and scripts sign tokens with (a bench signing its own tokens imports it). */
export const BENCH_JWT_SECRET = 'bench-secret-bench-secret-bench-secret';

/**
 * The environment of an API or worker a bench or script starts: production mode on a database and
 * queue prefix of its own, migrations already applied by the caller, TypeScript from source.
 * `settings` adds the rest (port, listing review, log level, limits) or overrides these.
 */
export function serviceEnv(databaseUrl: string, queuePrefix: string, settings: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    QUEUE_PREFIX: queuePrefix,
    HOST: '127.0.0.1',
    MIGRATIONS_RUN: 'false',
    JWT_SECRET: BENCH_JWT_SECRET,
    TS_NODE_TRANSPILE_ONLY: 'true',
    ...settings,
  };
}

/** Runs an entry point of `src/` (`main.ts`, `worker.ts`) from source, as its own process, with the service's V8 flags. */
export function startEntry(entry: 'main.ts' | 'worker.ts', options: { env: NodeJS.ProcessEnv; stdio?: StdioOptions; nodeArgs?: string[] }): ChildProcess {
  return spawn(process.execPath, [...SERVICE_NODE_FLAGS, ...(options.nodeArgs ?? []), '-r', 'ts-node/register/transpile-only', join(__dirname, '..', '..', 'src', entry)], {
    env: options.env,
    stdio: options.stdio ?? ['ignore', 'ignore', 'inherit'],
  });
}

/** Signals a child and waits until it has exited (at most `timeoutMs`); nothing to do if it is gone. */
export async function stopProcess(child: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 30_000): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, timeoutMs))]);
}

/** A JSON request that never throws: status 0 when nothing answered (a hung or dead API), which callers count as a failure. */
export async function requestJson(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; json: Record<string, unknown> }> {
  try {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    return { status: response.status, json: (await response.json().catch(() => ({}))) as Record<string, unknown> };
  } catch (error) {
    return { status: 0, json: { error: (error as Error).message } };
  }
}

/** A POST the setup of a run depends on: anything but 2xx stops the run, naming the answer. */
export async function postJsonOk(base: string, path: string, body: unknown, token?: string): Promise<Record<string, unknown>> {
  const { status, json } = await requestJson(base, 'POST', path, body, token);
  if (status < 200 || status >= 300) throw new Error(`${path}: ${status} ${JSON.stringify(json)}`);
  return json;
}

const CLOCK_TICKS_PER_SECOND = 100;

/** User plus system CPU time a process has used so far, in ms (from /proc; 0 once it is gone). */
function processCpuMs(pid: number): number {
  try {
    // Fields after the command name, which may itself hold spaces: utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/**
 * CPU time spent by the API process and by the PostgreSQL backends serving its database during a
 * phase. On a machine whose cores other work shares, throughput moves with that work; CPU per
 * request does not, and says what a request costs wherever it runs.
 */
export class CpuMeter {
  private readonly startMs = new Map<number, number>();

  private constructor(
    private readonly dataSource: DataSource,
    private readonly apiPid: number,
  ) {}

  static async start(dataSource: DataSource, apiPid: number): Promise<CpuMeter> {
    const meter = new CpuMeter(dataSource, apiPid);
    for (const pid of [apiPid, ...(await meter.backendPids())]) meter.startMs.set(pid, processCpuMs(pid));
    return meter;
  }

  /** CPU ms per request since start, for the API and for PostgreSQL. */
  async perRequest(requests: number): Promise<{ api: number; postgres: number }> {
    const used = (pid: number) => processCpuMs(pid) - (this.startMs.get(pid) ?? 0);
    const backends = await this.backendPids();
    const postgres = backends.reduce((sum, pid) => sum + used(pid), 0);
    return { api: used(this.apiPid) / Math.max(1, requests), postgres: postgres / Math.max(1, requests) };
  }

  private async backendPids(): Promise<number[]> {
    const rows: { pid: number }[] = await this.dataSource.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
    return rows.map((row) => row.pid);
  }
}

export function cpuLine(name: string, cpu: { api: number; postgres: number }, width = 28): string {
  return `${name.padEnd(width)} CPU per request: API ${cpu.api.toFixed(2)} ms, PostgreSQL ${cpu.postgres.toFixed(2)} ms`;
}

/** An API's recommendation page-cache counters (GET /metrics, no token): hit, stale and miss. */
export async function recommendationPageReads(base: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const counts: Record<string, number> = { hit: 0, stale: 0, miss: 0 };
  for (const [, result, value] of text.matchAll(/^techbridge_recommendation_pages_total\{result="(\w+)"\} (\d+)/gm)) counts[result] = Number(value);
  return counts;
}

export function describePageReads(before: Record<string, number>, after: Record<string, number>): string {
  const delta = (key: string) => (after[key] ?? 0) - (before[key] ?? 0);
  const total = delta('hit') + delta('stale') + delta('miss');
  return `${delta('hit')} hits, ${delta('stale')} stale (read again), ${delta('miss')} misses: ${((100 * delta('hit')) / Math.max(1, total)).toFixed(1)} % served from the cache`;
}
