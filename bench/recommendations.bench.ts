/**
 * Read throughput of recommendations: GET /api/v1/recommendations for one party with 100,000
 * matches in the database, with autocannon (50 connections, 15 s), beside a trivial route of the
 * same app (GET /health/live) and an authenticated one that reads two rows (GET /api/v1/me), in
 * the same run. The list is measured three ways: unchanged (the page cache serves it after one
 * index probe), while its matches are re-scored ten times a second, and with the cache off (what
 * every first read and every read after a change costs). The API runs as its own process (as in production: one Node process), PostgreSQL
 * beside it; autocannon runs in this process.
 * Run: npx ts-node --transpile-only bench/recommendations.bench.ts [seconds=15] [connections=50]
 * (BENCH_CPU_PROFILE=<dir> writes a V8 CPU profile of the API process there.)
 */
import { cpus } from 'node:os';
import { DataSource } from 'typeorm';
import { loadTaxonomy } from '../src/modules/matching/taxonomy/taxonomy.loader';
import { freshBenchDatabase } from './support/bench-database';
import { cpuLine, CpuMeter, describePageReads, postJsonOk, recommendationPageReads, resultLine, runAutocannon, serviceEnv, startEntry, stopProcess, waitForLive } from './support/http-bench';

const SECONDS = Number(process.argv[2] ?? 15);
const CONNECTIONS = Number(process.argv[3] ?? 50);
const PORT = Number(process.env.BENCH_PORT ?? 3918);
const BASE = `http://127.0.0.1:${PORT}`;
const MATCHES = 100_000;
/** The measured party: 40 offers and 40 needs with 25 matches each, a large exhibitor. */
const OWN_LISTINGS = 40;
const OWN_MATCHES_PER_LISTING = 25;
const OTHER_PARTIES = 1000;
const LISTINGS_PER_OTHER_PARTY = 20;

/**
 * 100,000 matches by SQL: 1,000 other parties with 20 published listings each (2 % withdrawn), the
 * measured party's 80 listings with 25 matches each, the rest spread evenly; 5 % rejected, 5 %
 * approved, 10 % chosen by one side only. Explanations are as large as the matcher writes them.
 */
async function seed(dataSource: DataSource, partyId: string): Promise<void> {
  const concepts = loadTaxonomy().sectors.flatMap((sector) => sector.concepts.map((concept) => concept.id));
  const countries = ['CN', 'TH', 'VN', 'ID', 'MY', 'PH', 'SG', 'KH', 'LA', 'MM', 'BN'];
  await dataSource.query(
    `INSERT INTO parties (name, country, region, kind, version)
     SELECT 'Bench party ' || i, c, CASE WHEN c = 'CN' THEN 'china' ELSE 'asean' END, 'enterprise', 1
       FROM generate_series(1, ${OTHER_PARTIES}) i, LATERAL (SELECT ($1::text[])[1 + i % array_length($1::text[], 1)] AS c) country`,
    [countries],
  );
  const listingColumns = `kind, party_id, party_country, party_region, status, title, summary, description, language, detected_language, sector, taxonomy_version, published_at, expires_at`;
  const listingValues = (status: string) => `${status}, 'Technology ' || g || ' for ' || p.name, 'A summary of the technology, about one sentence long, as parties write them.',
       'description', 'en', 'en', (ARRAY['sustainable-development','health','digital'])[1 + g % 3], 'bench', now(), now() + interval '300 days'`;
  await dataSource.query(
    `INSERT INTO listings (${listingColumns})
     SELECT CASE WHEN g % 2 = 0 THEN 'offer' ELSE 'need' END, p.id, p.country, p.region, ${listingValues(`CASE WHEN g % 50 = 0 THEN 'withdrawn' ELSE 'published' END`)}
       FROM parties p, generate_series(1, ${LISTINGS_PER_OTHER_PARTY}) g WHERE p.id <> $1`,
    [partyId],
  );
  await dataSource.query(
    `INSERT INTO listings (${listingColumns})
     SELECT CASE WHEN g % 2 = 0 THEN 'offer' ELSE 'need' END, p.id, p.country, p.region, ${listingValues(`'published'`)}
       FROM parties p, generate_series(1, ${OWN_LISTINGS * 2}) g WHERE p.id = $1`,
    [partyId],
  );
  const matchColumns = `offer_id, need_id, offer_party_id, need_party_id, sector, score, explanation, algorithm_version, taxonomy_version,
                        offer_revision, need_revision, chosen_by_offer, chosen_by_need, status, announced_at`;
  const matchValues = `o.sector, random(),
       jsonb_build_object(
         'factors', (SELECT jsonb_agg(jsonb_build_object('name', f, 'weight', 0.2, 'value', round(random()::numeric, 4), 'contribution', round((random() / 5)::numeric, 4)))
                       FROM unnest(ARRAY['concepts','text','field','readiness','transferMode','geography']) f),
         'sharedConceptIds', jsonb_build_array(${[0, 1, 2, 3].map((i) => `($1::int[])[1 + (abs(hashtext(o.id::text || n.id::text || '${i}')) % array_length($1::int[], 1))]`).join(', ')}),
         'sharedFieldIds', jsonb_build_array(1)),
       'bench', 'bench', 1, 1, r % 10 <> 1, r % 10 <> 2, CASE WHEN r % 20 = 3 THEN 'rejected' WHEN r % 20 = 4 THEN 'approved' ELSE 'proposed' END, now()`;
  await dataSource.query(`CREATE TEMP TABLE bench_offers AS SELECT id, party_id, sector, (row_number() OVER (ORDER BY id) - 1)::int AS i FROM listings WHERE kind = 'offer' AND party_id <> $1`, [partyId]);
  await dataSource.query(`CREATE TEMP TABLE bench_needs AS SELECT id, party_id, (row_number() OVER (ORDER BY id) - 1)::int AS i FROM listings WHERE kind = 'need' AND party_id <> $1`, [partyId]);
  await dataSource.query('CREATE INDEX ON bench_offers (i)');
  await dataSource.query('CREATE INDEX ON bench_needs (i)');
  // The measured party: each of its offers matched with 25 needs of others, each of its needs with 25 offers.
  await dataSource.query(
    `INSERT INTO matches (${matchColumns})
     SELECT o.id, n.id, o.party_id, n.party_id, ${matchValues}
       FROM (SELECT id, party_id, sector, row_number() OVER (ORDER BY id) AS j FROM listings WHERE party_id = $2 AND kind = 'offer') o,
            generate_series(0, ${OWN_MATCHES_PER_LISTING - 1}) k,
            LATERAL (SELECT id, party_id FROM bench_needs WHERE i = (o.j * 389 + k * 997) % (SELECT count(*) FROM bench_needs)) n,
            LATERAL (SELECT (o.j * 31 + k)::int AS r) rr`,
    [concepts, partyId],
  );
  await dataSource.query(
    `INSERT INTO matches (${matchColumns})
     SELECT o.id, n.id, o.party_id, n.party_id, ${matchValues}
       FROM (SELECT id, party_id, sector, row_number() OVER (ORDER BY id) AS j FROM listings WHERE party_id = $2 AND kind = 'need') n,
            generate_series(0, ${OWN_MATCHES_PER_LISTING - 1}) k,
            LATERAL (SELECT id, party_id, sector FROM bench_offers WHERE i = (n.j * 389 + k * 997) % (SELECT count(*) FROM bench_offers)) o,
            LATERAL (SELECT (n.j * 31 + k)::int AS r) rr`,
    [concepts, partyId],
  );
  const [{ own }] = await dataSource.query('SELECT count(*)::int AS own FROM matches');
  await dataSource.query(
    `INSERT INTO matches (${matchColumns})
     SELECT o.id, n.id, o.party_id, n.party_id, ${matchValues}
       FROM bench_offers o, generate_series(0, 11) k,
            LATERAL (SELECT id, party_id FROM bench_needs WHERE i = (o.i * 37 + k * 997) % (SELECT count(*) FROM bench_needs)) n,
            LATERAL (SELECT (o.i * 7 + k)::int AS r) rr
      WHERE o.party_id <> n.party_id
      LIMIT ${MATCHES - own}
     ON CONFLICT DO NOTHING`,
    [concepts],
  );
  await dataSource.query('ANALYZE');
}

function startApi(url: string, settings: Record<string, string>) {
  const profile = process.env.BENCH_CPU_PROFILE ? [`--cpu-prof`, `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`] : [];
  profile.push(...(process.env.BENCH_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? []));
  // One party reading 1,500 times a second is what the per-party limit exists to stop: the limit is
  // lifted, and its window shortened to 1 s so that the throttler's bookkeeping (a timestamp per
  // read in the window) stays near what 600 reads a minute cost in production.
  return startEntry('main.ts', {
    nodeArgs: profile,
    env: serviceEnv(url, 'techbridge-bench-recommendations', {
      PORT: String(PORT),
      LOG_LEVEL: 'info',
      RECOMMENDATIONS_RATE_LIMIT: '100000000',
      RECOMMENDATIONS_RATE_WINDOW_SECONDS: '1',
      METRICS_TOKEN: undefined,
      ...settings,
    }),
  });
}

async function main(): Promise<void> {
  console.log(`recommendations bench: ${CONNECTIONS} connections, ${SECONDS} s per route, ${cpus().length} cores, node ${process.version}`);
  const { url, dataSource } = await freshBenchDatabase('techbridge_bench_recommendations');
  let server = startApi(url, {});
  let rescoring: NodeJS.Timeout | undefined;
  try {
    await waitForLive(server, BASE);
    const { accessToken, party } = (await postJsonOk(BASE, '/api/v1/auth/register', {
      email: 'bench@example.org',
      password: 'correct horse battery staple',
      name: 'Bench',
      party: { name: '广西光伏科技', country: 'CN', kind: 'enterprise' },
    })) as { accessToken: string; party: { id: string } };
    const started = Date.now();
    await seed(dataSource, party.id);
    const [{ matches, own, visible }] = await dataSource.query(
      `SELECT count(*)::int AS matches, count(*) FILTER (WHERE offer_party_id = $1 OR need_party_id = $1)::int AS own,
              (SELECT count(*)::int FROM matches m JOIN listings o ON o.id = m.offer_id JOIN listings n ON n.id = m.need_id
                WHERE (m.offer_party_id = $1 OR m.need_party_id = $1) AND (m.chosen_by_offer OR m.chosen_by_need OR m.status = 'approved')
                  AND m.status <> 'rejected' AND o.status = 'published' AND n.status = 'published') AS visible
         FROM matches`,
      [party.id],
    );
    console.log(`seeded ${matches} matches in ${((Date.now() - started) / 1000).toFixed(1)} s; the measured party has ${own} (${visible} visible to it)`);

    const headers = { authorization: `Bearer ${accessToken}` };
    const page = (await (await fetch(`${BASE}/api/v1/recommendations`, { headers })).json()) as { items: { id: string; score: number }[]; nextCursor: string };
    if (page.items.length !== 20 || !page.nextCursor) throw new Error(`unexpected first page: ${JSON.stringify(page).slice(0, 300)}`);
    console.log(`a first page is ${Buffer.byteLength(JSON.stringify(page))} bytes`);

    // Warm-up: JIT, connection pools and plans, not measured.
    await runAutocannon({ url: `${BASE}/api/v1/recommendations`, headers, connections: 10, duration: 3 });
    const measured = async (options: Parameters<typeof runAutocannon>[0]) => {
      const meter = await CpuMeter.start(dataSource, server.pid!);
      const result = await runAutocannon({ connections: CONNECTIONS, duration: SECONDS, ...options });
      return { result, cpu: await meter.perRequest(result.requests.total) };
    };
    const rows: [string, Awaited<ReturnType<typeof measured>>][] = [];
    rows.push(['GET /health/live', await measured({ url: `${BASE}/health/live` })]);
    rows.push(['GET /api/v1/me', await measured({ url: `${BASE}/api/v1/me` , headers })]);
    let before = await recommendationPageReads(BASE);
    const recommendations = await measured({ url: `${BASE}/api/v1/recommendations`, headers });
    rows.push(['GET /api/v1/recommendations', recommendations]);
    const cacheLines = [`page cache, unchanged lists: ${describePageReads(before, await recommendationPageReads(BASE))}`];

    // The worker re-scoring the party's first page ten times a second: every change makes the next
    // read of each API process a full one.
    let step = 0;
    rescoring = setInterval(() => {
      const match = page.items[step++ % page.items.length];
      dataSource.query('UPDATE matches SET score = $2 WHERE id = $1', [match.id, Math.min(1, match.score + (step % 2) * 1e-4)]).catch(() => undefined);
    }, 100);
    before = await recommendationPageReads(BASE);
    rows.push(['  ... 10 re-scores/s', await measured({ url: `${BASE}/api/v1/recommendations`, headers })]);
    cacheLines.push(`page cache, 10 re-scores/s: ${describePageReads(before, await recommendationPageReads(BASE))}`);
    clearInterval(rescoring);
    rescoring = undefined;

    await stopProcess(server);
    server = startApi(url, { RECOMMENDATION_PAGE_CACHE_MB: '0' });
    await waitForLive(server, BASE);
    await runAutocannon({ url: `${BASE}/api/v1/recommendations`, headers, connections: 10, duration: 3 });
    rows.push(['  ... page cache off', await measured({ url: `${BASE}/api/v1/recommendations`, headers })]);

    console.log('');
    for (const [name, { result }] of rows) console.log(resultLine(name, result));
    for (const [name, { cpu }] of rows) console.log(cpuLine(name, cpu));
    for (const line of cacheLines) console.log(line);
    const [trivial, me] = [rows[0][1].result, rows[1][1].result];
    console.log(
      `ratio recommendations/trivial: throughput ${(recommendations.result.requests.average / trivial.requests.average).toFixed(2)}, p99 ${(recommendations.result.latency.p99 / Math.max(1, trivial.latency.p99)).toFixed(1)}x;` +
        ` recommendations/me: throughput ${(recommendations.result.requests.average / me.requests.average).toFixed(2)}   target: >= 1,500 req/s, p99 <= 50 ms`,
    );
  } finally {
    if (rescoring) clearInterval(rescoring);
    await stopProcess(server);
    await dataSource.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
