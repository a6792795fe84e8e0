/**
 * Write throughput of the API: POST /offers with autocannon (50 connections, 20 s) against a
 * trivial route of the same app (GET /health/live, through the same middleware) in the same run,
 * and a check that every accepted offer was stored with its outbox row.
 * The API runs as its own process (as in production: one Node process, one core), PostgreSQL
 * beside it; autocannon runs in this process.
 * Run: npx ts-node --transpile-only bench/listings-http.bench.ts [seconds=20] [connections=50]
 * (BENCH_CPU_PROFILE=<dir> writes a V8 CPU profile of the API process there.)
 */
import { cpus } from 'node:os';
import { loadTaxonomy } from '../src/modules/matching/taxonomy/taxonomy.loader';
import { freshBenchDatabase } from './support/bench-database';
import { cpuLine, CpuMeter, postJsonOk, resultLine, runAutocannon, serviceEnv, startEntry, stopProcess, waitForLive } from './support/http-bench';
import { createListingGenerator } from './support/synthetic-listings';

const SECONDS = Number(process.argv[2] ?? 20);
const CONNECTIONS = Number(process.argv[3] ?? 50);
const PORT = Number(process.env.BENCH_PORT ?? 3917);
const BASE = `http://127.0.0.1:${PORT}`;

async function main(): Promise<void> {
  console.log(`listings HTTP bench: ${CONNECTIONS} connections, ${SECONDS} s per route, ${cpus().length} cores, node ${process.version}`);
  const { url, dataSource } = await freshBenchDatabase('techbridge_bench_http');
  const profile = process.env.BENCH_CPU_PROFILE ? [`--cpu-prof`, `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`] : [];
  const server = startEntry('main.ts', {
    nodeArgs: profile,
    env: serviceEnv(url, 'techbridge-bench', { PORT: String(PORT), LOG_LEVEL: 'info' }),
  });
  try {
    await waitForLive(server, BASE);
    const tokens: string[] = [];
    for (let i = 0; i < 20; i++) {
      const country = i % 2 ? 'CN' : ['TH', 'VN', 'ID', 'MY', 'PH'][i % 5];
      const registered = await postJsonOk(BASE, '/api/v1/auth/register', { email: `bench${i}@example.org`, password: 'correct horse battery staple', name: `Bench ${i}`, party: { name: `Bench party ${i}`, country, kind: 'enterprise' } });
      tokens.push(registered.accessToken as string);
    }
    const next = createListingGenerator(loadTaxonomy(), 3, 20);
    const bodies = Array.from({ length: 500 }, () => {
      const listing = next('offer');
      return JSON.stringify({ title: listing.title, description: listing.description, trl: listing.trl ?? 6, transferModes: listing.transferModes, keywords: listing.title.split(/[,、]\s*/).slice(0, 3), status: 'submitted' });
    });
    let counter = 0;

    // Warm-up: JIT, connection pools and prepared plans, not measured.
    await runAutocannon({ url: `${BASE}/health/live`, connections: 10, duration: 3 });
    const trivialCpu = await CpuMeter.start(dataSource, server.pid!);
    const trivial = await runAutocannon({ url: `${BASE}/health/live`, connections: CONNECTIONS, duration: SECONDS });
    const trivialPerRequest = await trivialCpu.perRequest(trivial.requests.total);
    const [{ before }] = await dataSource.query('SELECT count(*)::int AS before FROM listings');
    const postOffers = (duration: number) =>
      runAutocannon({
        url: BASE,
        connections: CONNECTIONS,
        duration,
        requests: [
          {
            method: 'POST',
            path: '/api/v1/offers',
            setupRequest: (request) => {
              const i = counter++;
              return { ...request, headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[i % tokens.length]}` }, body: bodies[i % bodies.length] };
            },
          },
        ],
      });
    // The write path has its own code to compile and its own plans to prepare: warmed up too, not measured.
    await postOffers(3);
    const offersCpu = await CpuMeter.start(dataSource, server.pid!);
    const offers = await postOffers(SECONDS);
    const offersPerRequest = await offersCpu.perRequest(offers.requests.total);
    const [{ listings, withoutOutbox }] = await dataSource.query(
      `SELECT count(*)::int AS listings,
              count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM outbox_events e WHERE e.listing_id = l.id))::int AS "withoutOutbox"
         FROM listings l`,
    );
    console.log('');
    console.log(resultLine('GET /health/live', trivial, 24));
    console.log(resultLine('POST /api/v1/offers', offers, 24));
    console.log(cpuLine('GET /health/live', trivialPerRequest, 24));
    console.log(cpuLine('POST /api/v1/offers', offersPerRequest, 24));
    console.log(
      `ratio offers/trivial: throughput ${(offers.requests.average / trivial.requests.average).toFixed(2)}, p99 ${(offers.latency.p99 / Math.max(1, trivial.latency.p99)).toFixed(1)}x   target: >= 800 offers/s, p99 <= 80 ms`,
    );
    console.log(`stored: ${listings - before} offers (${offers['2xx']} answered 201 within the run, the rest were in flight at its end); ${withoutOutbox} without an outbox row`);
  } finally {
    await stopProcess(server);
    await dataSource.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
