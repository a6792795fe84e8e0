/**
 * A forum under mixed load for 60 s: members read recommendations, search and submit offers and
 * needs; admins read the review queue and decide matches; a worker scores what is submitted.
 * Prints, per route, throughput, p50, p99 and the answers that were not 2xx (429s apart), the
 * matching queue's lag while the load runs and how long its backlog takes to drain afterwards.
 *
 * The API and one worker run as child processes from source (NODE_ENV=production), against a
 * database of the bench's own: 200 parties and 5,000 published listings, which the worker scores
 * before the load starts. The load generators run in this process:
 * autocannon for the member routes and the queue read, small fetch loops for the decisions (each
 * needs the version it just read). Exits 1 if any answer was 5xx or nothing answered.
 * Run: npm run load:mixed -- [seconds=60]   (BENCH_PARTIES=200 BENCH_LISTINGS=5000 change the forum)
 */
import { JwtService } from '@nestjs/jwt';
import * as argon2 from 'argon2';
import { Queue } from 'bullmq';
import { ChildProcess } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { DataSource } from 'typeorm';
import type autocannon from 'autocannon';
import { loadTaxonomy } from '../src/modules/matching/taxonomy/taxonomy.loader';
import { TAXONOMY_LANGUAGES } from '../src/modules/matching/taxonomy/taxonomy.types';
import { QueueName } from '../src/queue/queue-names';
import { freshBenchDatabase, percentile } from './support/bench-database';
import { BENCH_JWT_SECRET, describePageReads, postJsonOk, recommendationPageReads, runAutocannon, serviceEnv, startEntry, stopProcess, waitForLive } from './support/http-bench';
import { createListingGenerator, seededRandom, syntheticParties } from './support/synthetic-listings';
import { createListingRowBuilder } from './support/listing-rows';

const SECONDS = Number(process.argv[2] ?? process.env.BENCH_SECONDS ?? 60);
const PARTIES = Number(process.env.BENCH_PARTIES ?? 200);
const LISTINGS = Number(process.env.BENCH_LISTINGS ?? 5000);
const PORT = Number(process.env.BENCH_PORT ?? 3955);
const PREFIX = process.env.BENCH_QUEUE_PREFIX ?? 'techbridge-bench-mixed';
const DATABASE = process.env.BENCH_DATABASE ?? 'techbridge_bench_mixed';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const LOG = process.env.BENCH_LOG ?? '/tmp/techbridge-bench-mixed.log';
/**
 * The default (600 a minute per party) is against scraping; this bench measures capacity, so it
 * lifts the limit. Set BENCH_RECOMMENDATIONS_RATE_LIMIT=600 to see the production limit at work.
 */
const RECOMMENDATIONS_RATE_LIMIT = Number(process.env.BENCH_RECOMMENDATIONS_RATE_LIMIT ?? 1_000_000);
const DRAIN_LIMIT_SECONDS = Number(process.env.BENCH_DRAIN_LIMIT_SECONDS ?? 300);
const BASE = `http://127.0.0.1:${PORT}`;
/** Longer than waitForLive's default: here the API starts beside a worker and a seeding load on the same cores. */
const API_START_TIMEOUT_MS = 5 * 180_000;
/** Long, so that on a crowded machine a slow answer is measured rather than dropped; none at all fails the run. */
const ANSWER_TIMEOUT_SECONDS = 60;
const ADMIN = { email: 'bench-admin@example.org', password: 'bench admin password 2026' };

/** About 50 connections, most on reads, as a forum's traffic is. */
const CONNECTIONS = { recommendations: 20, search: 12, offers: 4, needs: 4, adminQueue: 5, reviewers: 3 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface RouteFigures {
  name: string;
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  meanMs: number;
  /** Connections (or loops) sending this route. */
  senders: number;
  statuses: Map<number, number>;
  /** No answer within ANSWER_TIMEOUT_SECONDS, or the connection failed. */
  errors: number;
}

function fromAutocannon(name: string, senders: number, result: autocannon.Result): RouteFigures {
  const statuses = new Map<number, number>();
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) statuses.set(Number(code), stats.count ?? 0);
  // autocannon counts timeouts among its errors.
  return { name, requests: result.requests.total, perSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, meanMs: result.latency.mean, senders, statuses, errors: result.errors };
}

/** Latencies and statuses of requests this process sends itself (the review loops). */
class RouteRecorder {
  private readonly latencies: number[] = [];
  readonly statuses = new Map<number, number>();
  errors = 0;

  constructor(
    readonly name: string,
    private readonly senders: number,
  ) {}

  async time<T extends { status: number }>(send: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const answer = await send();
    this.latencies.push(performance.now() - started);
    if (answer.status === 0) this.errors += 1;
    else this.statuses.set(answer.status, (this.statuses.get(answer.status) ?? 0) + 1);
    return answer;
  }

  figures(seconds: number): RouteFigures {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return { name: this.name, requests: sorted.length, perSecond: sorted.length / seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99), meanMs: sorted.reduce((sum, x) => sum + x, 0) / Math.max(1, sorted.length), senders: this.senders, statuses: this.statuses, errors: this.errors };
  }
}

const countWhere = (figures: RouteFigures, test: (status: number) => boolean) => [...figures.statuses].filter(([status]) => test(status)).reduce((sum, [, n]) => sum + n, 0);

function figuresLine(f: RouteFigures): string {
  const ok = countWhere(f, (s) => s >= 200 && s < 300);
  const limited = countWhere(f, (s) => s === 429);
  const server = countWhere(f, (s) => s >= 500);
  const others = [...f.statuses].filter(([s]) => (s < 200 || s >= 300) && s !== 429 && s < 500).map(([s, n]) => `${s}: ${n}`);
  const latency = (x: number) => (Number.isNaN(x) ? '   -' : x.toFixed(0).padStart(4));
  return (
    `${f.name.padEnd(44)} ${f.perSecond.toFixed(1).padStart(7)} req/s   p50 ${latency(f.p50)} ms   p99 ${latency(f.p99)} ms   ` +
    `busy ${((f.perSecond * f.meanMs) / 1000).toFixed(1).padStart(4)}/${String(f.senders).padEnd(2)}   ` +
    `${String(f.requests).padStart(6)} requests: 2xx ${ok}, 429 ${limited}, 5xx ${server}, no answer ${f.errors}${others.length ? `, other ${others.join(', ')}` : ''}`
  );
}

interface LagSample {
  at: number;
  queued: number;
  unscored: number;
  oldestUnscoredSeconds: number;
  outboxPending: number;
}

async function sampleLag(dataSource: DataSource, queue: Queue): Promise<LagSample> {
  const counts = await queue.getJobCounts('waiting', 'prioritized', 'active');
  const [row] = await dataSource.query(
    `SELECT (SELECT count(*)::int FROM listings WHERE status = 'published' AND (scored_revision IS NULL OR scored_revision < revision)) AS unscored,
            (SELECT coalesce(extract(epoch FROM now() - min(greatest(published_at, updated_at))), 0)::float
               FROM listings WHERE status = 'published' AND (scored_revision IS NULL OR scored_revision < revision)) AS oldest,
            (SELECT count(*)::int FROM outbox_events WHERE dispatched_at IS NULL) AS "outboxPending"`,
  );
  return { at: Date.now(), queued: counts.waiting + counts.prioritized + counts.active, unscored: row.unscored, oldestUnscoredSeconds: row.oldest, outboxPending: row.outboxPending };
}

async function waitUntilScored(dataSource: DataSource, queue: Queue, limitSeconds: number): Promise<{ seconds: number; last: LagSample }> {
  const started = Date.now();
  let last = await sampleLag(dataSource, queue);
  while (last.unscored > 0 || last.queued > 0 || last.outboxPending > 0) {
    if (Date.now() - started > limitSeconds * 1000) return { seconds: Infinity, last };
    await sleep(250);
    last = await sampleLag(dataSource, queue);
  }
  return { seconds: (Date.now() - started) / 1000, last };
}

const taxonomy = loadTaxonomy();
const toListingRow = createListingRowBuilder(taxonomy);

/**
 * The forum the load meets, written by SQL because registering and analysing 5,000 listings
 * through the API takes minutes on a busy machine and is not what this bench measures: parties
 * with one member each (tokens signed as the API signs them), listings analysed here by the
 * matcher's own text analysis, and an outbox row for each, so the worker scores them all, as it
 * would after an import. Returns one member token per party.
 */
async function seedForum(dataSource: DataSource, random: () => number): Promise<string[]> {
  const parties: { id: string; country: string }[] = await dataSource.query(
    `INSERT INTO parties (name, country, region, kind, version)
     SELECT name, country, CASE WHEN country = 'CN' THEN 'china' ELSE 'asean' END, kind, 1
       FROM jsonb_to_recordset($1::jsonb) AS r(name varchar, country char(2), kind varchar)
     RETURNING id, country`,
    [JSON.stringify(syntheticParties(PARTIES, random).map((party, i) => ({ ...party, kind: i % 3 === 0 ? 'university' : 'enterprise' })))],
  );
  const passwordHash = await argon2.hash('correct horse battery staple');
  const users: { id: string; party_id: string }[] = await dataSource.query(
    `INSERT INTO users (party_id, email, name, role, password_hash)
     SELECT id, 'mixed' || ordinality || '@example.org', 'Mixed member ' || ordinality, 'member', $2
       FROM unnest($1::uuid[]) WITH ORDINALITY AS p(id, ordinality)
     RETURNING id, party_id`,
    [parties.map((party) => party.id), passwordHash],
  );
  const jwt = new JwtService({ secret: BENCH_JWT_SECRET, signOptions: { algorithm: 'HS256', expiresIn: 4 * 3600 } });
  const tokenOf = new Map(users.map((user) => [user.party_id, jwt.sign({ sub: user.id, partyId: user.party_id, role: 'member' })]));

  const next = createListingGenerator(taxonomy, 7, PARTIES);
  for (let done = 0; done < LISTINGS; done += 1000) {
    const rows = Array.from({ length: Math.min(1000, LISTINGS - done) }, (_, i) => {
      const listing = next((done + i) % 2 ? 'offer' : 'need');
      return toListingRow(listing, parties[listing.partyIndex]);
    });
    await dataSource.query(
      `WITH inserted AS (
         INSERT INTO listings (kind, party_id, party_country, party_region, status, title, description, language, detected_language, sector,
                               field_ids, concept_ids, concept_counts, term_frequencies, trl, min_trl, transfer_modes, target_countries,
                               search_document, taxonomy_version, submitted_at, published_at, expires_at)
         SELECT kind, party_id, party_country, party_region, 'published', title, description, language, detected_language, sector,
                field_ids, concept_ids, concept_counts, term_frequencies, trl, min_trl, transfer_modes, target_countries,
                search_document, taxonomy_version, now(), now(), now() + interval '300 days'
           FROM jsonb_to_recordset($1::jsonb) AS r(kind varchar, party_id uuid, party_country char(2), party_region varchar, title varchar,
                description varchar, language varchar, detected_language varchar, sector varchar, field_ids int[], concept_ids int[],
                concept_counts jsonb, term_frequencies jsonb, trl smallint, min_trl smallint, transfer_modes text[], target_countries text[],
                search_document text, taxonomy_version varchar)
         RETURNING id, revision)
       INSERT INTO outbox_events (topic, listing_id, revision) SELECT 'listing.published', id, revision FROM inserted`,
      [JSON.stringify(rows)],
    );
  }
  return parties.map((party) => tokenOf.get(party.id)!);
}

/** A JSON request of the review loops; status 0 when nothing answered in time. */
async function sendJson(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  try {
    const response = await fetch(`${BASE}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(ANSWER_TIMEOUT_SECONDS * 1000),
    });
    return { status: response.status, json: (await response.json().catch(() => ({}))) as Record<string, unknown> };
  } catch {
    return { status: 0, json: {} };
  }
}

/** CPU seconds a child process has used so far (Linux), to show how much of the machine it got. */
function cpuSeconds(child: ChildProcess): number {
  try {
    const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

interface AdminMatch {
  id: string;
  version: number;
}

async function main(): Promise<void> {
  console.log(`mixed load: ${SECONDS} s, ${Object.values(CONNECTIONS).reduce((a, b) => a + b, 0)} connections ${JSON.stringify(CONNECTIONS)}, ${cpus().length} cores, node ${process.version}`);
  console.log(`  forum: ${PARTIES} parties, ${LISTINGS} listings; RECOMMENDATIONS_RATE_LIMIT=${RECOMMENDATIONS_RATE_LIMIT} per party per minute (production default 600: lifted to measure capacity, not the anti-scraping limit)`);
  const { url, dataSource } = await freshBenchDatabase(DATABASE);
  const queue = new Queue(QueueName.Matching, { connection: { url: REDIS_URL }, prefix: PREFIX });
  await queue.obliterate({ force: true });
  const log = openSync(LOG, 'w');
  const env = serviceEnv(url, PREFIX, {
    REDIS_URL,
    PORT: String(PORT),
    LISTING_REVIEW: 'off',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    RECOMMENDATIONS_RATE_LIMIT: String(RECOMMENDATIONS_RATE_LIMIT),
  });
  const children: ChildProcess[] = [];
  let failed = false;
  try {
    console.log(`  API and worker output: ${LOG}`);
    const api = startEntry('main.ts', { env, stdio: ['ignore', log, log] });
    children.push(api);
    await waitForLive(api, BASE, API_START_TIMEOUT_MS);
    const worker = startEntry('worker.ts', { env, stdio: ['ignore', log, log] });
    children.push(worker);

    const seedStarted = Date.now();
    const random = seededRandom(20261125);
    const tokens = await seedForum(dataSource, random);
    const seeded = await waitUntilScored(dataSource, queue, 1800);
    if (!Number.isFinite(seeded.seconds)) throw new Error(`the seed forum was not scored within 1800 s: ${JSON.stringify(seeded.last)}`);
    await dataSource.query('ANALYZE');
    const [forum] = await dataSource.query(
      `SELECT (SELECT count(*)::int FROM listings WHERE status = 'published') AS listings, (SELECT count(*)::int FROM matches) AS matches,
              (SELECT count(*)::int FROM matches WHERE chosen_by_offer OR chosen_by_need) AS reviewable`,
    );
    console.log(
      `  seeded in ${((Date.now() - seedStarted) / 1000).toFixed(0)} s: ${PARTIES} parties, ${forum.listings} published listings scored by the worker in ${seeded.seconds.toFixed(0)} s, ` +
        `${forum.matches} matches (${forum.reviewable} in the review queue)`,
    );
    const next = createListingGenerator(taxonomy, 8, PARTIES);
    const listingBody = (kind: 'offer' | 'need') => {
      const listing = next(kind);
      const body = {
        title: listing.title,
        description: listing.description,
        transferModes: listing.transferModes,
        keywords: listing.title.split(/[,、]\s*/).slice(0, 3),
        status: 'submitted',
        ...(listing.targetCountries.length ? { targetCountries: listing.targetCountries } : {}),
        ...(kind === 'offer' ? { trl: listing.trl ?? 6 } : listing.minTrl ? { minTrl: listing.minTrl } : {}),
      };
      return { partyIndex: listing.partyIndex, body };
    };

    const adminToken = (await postJsonOk(BASE, '/api/v1/auth/login', ADMIN)).accessToken as string;
    const adminHeaders = { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` };
    const memberHeaders = tokens.map((token) => ({ 'content-type': 'application/json', authorization: `Bearer ${token}` }));

    // Searches for concepts in all six languages, the way members type them.
    const labels = taxonomy.sectors.flatMap((sector) => sector.concepts.flatMap((concept) => TAXONOMY_LANGUAGES.map((language) => concept.labels[language])));
    const searchPaths = Array.from({ length: 300 }, () => `/api/v1/offers?q=${encodeURIComponent(labels[Math.floor(random() * labels.length)].slice(0, 60))}`);
    const submissionBodies = (kind: 'offer' | 'need') => Array.from({ length: 500 }, () => listingBody(kind)).map(({ partyIndex, body }) => ({ partyIndex, body: JSON.stringify(body) }));
    const offerBodies = submissionBodies('offer');
    const needBodies = submissionBodies('need');
    // BENCH_ADMIN_QUEUE=indexed: admins read only by status, the filter ix_matches_review_queue leads with (without it, the
    // queue sorts every reviewable match: about 0.7 s per page at 60,000 matches), to see the other routes without that cost.
    const queueFilters =
      process.env.BENCH_ADMIN_QUEUE === 'indexed'
        ? ['&status=proposed', '&status=proposed&sector=health', '&status=approved', '&status=proposed&sector=digital']
        : ['', '&sector=health', '&sector=digital', '&sector=sustainable-development', '&minScore=0.5', '&country=CN', '&status=approved', '&wantedByBoth=false'];
    console.log(`  admin queue reads: ${queueFilters.map((filter) => `?limit=20${filter}`).join(' ')}`);

    // Warm-up: JIT, connection pools and plans, not measured.
    await runAutocannon({ url: `${BASE}/api/v1/recommendations`, headers: memberHeaders[0], connections: 5, duration: 3 });

    // A copy of the headers per request: autocannon writes Content-Length into the headers object it
    // is given, and a member's headers are shared by its submissions and its reads. (Before the copy,
    // GETs went out with a POST's Content-Length; the API then read the next request as their body,
    // and the read routes ran at a tenth of their pace.)
    const rotating = (pick: (i: number) => { path?: string; headers: Record<string, string>; body?: string }, method: 'GET' | 'POST', path: string): autocannon.Options['requests'] => {
      let i = 0;
      return [
        {
          method,
          path,
          setupRequest: (request) => {
            const next = pick(i++);
            return { ...request, ...next, headers: { ...next.headers } };
          },
        },
      ];
    };

    // ── The load ──
    const pagesBefore = await recommendationPageReads(BASE);
    const loadStarted = Date.now();
    const cpuBefore = { api: cpuSeconds(api), worker: cpuSeconds(worker) };
    const loadEnds = loadStarted + SECONDS * 1000;
    const lag: LagSample[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const tick = Date.now();
        lag.push(await sampleLag(dataSource, queue));
        await sleep(Math.max(0, 1000 - (Date.now() - tick)));
      }
    })();

    const reviewerQueueReads = new RouteRecorder('GET /admin/matches?status=proposed (decide)', CONNECTIONS.reviewers);
    const singleDecisions = new RouteRecorder('POST /admin/matches/:id/approve|reject', 2);
    const bulkDecisions = new RouteRecorder('POST /admin/matches/review (20 each)', 1);
    const decisionResults = new Map<string, number>();
    const countResult = (result: string, n = 1) => decisionResults.set(result, (decisionResults.get(result) ?? 0) + n);
    // Each reviewer takes one sector, as a forum's organisers split the queue, so they do not race each other.
    const reviewer = async (sector: string, bulk: boolean) => {
      let decided = 0;
      while (Date.now() < loadEnds) {
        const page = await reviewerQueueReads.time(() => sendJson('GET', `/api/v1/admin/matches?status=proposed&sector=${sector}&limit=20`, adminToken));
        const items = page.status === 200 ? (page.json.items as AdminMatch[]) : [];
        if (items.length === 0) {
          await sleep(200);
          continue;
        }
        // Most proposals an organiser sees are introductions worth making; one in four is not.
        const decisionOf = () => (decided++ % 4 === 3 ? 'reject' : 'approve');
        if (bulk) {
          const decisions = items.map((item) => ({ id: item.id, version: item.version, decision: decisionOf(), note: 'bench' }));
          const answer = await bulkDecisions.time(() => sendJson('POST', '/api/v1/admin/matches/review', adminToken, { decisions }));
          for (const [result, n] of Object.entries((answer.json.counts as Record<string, number> | undefined) ?? {})) countResult(`bulk ${result}`, n);
        } else {
          for (const item of items) {
            if (Date.now() >= loadEnds) break;
            const answer = await singleDecisions.time(() =>
              sendJson('POST', `/api/v1/admin/matches/${item.id}/${decisionOf()}`, adminToken, { version: item.version, note: 'bench' }),
            );
            countResult(`single ${answer.status}`);
          }
        }
      }
    };

    const [recommendations, search, offers, needs, adminQueue] = await Promise.all([
      runAutocannon({
        url: BASE,
        connections: CONNECTIONS.recommendations,
        duration: SECONDS,
        timeout: ANSWER_TIMEOUT_SECONDS,
        requests: rotating((i) => ({ headers: memberHeaders[i % PARTIES] }), 'GET', '/api/v1/recommendations'),
      }),
      runAutocannon({
        url: BASE,
        connections: CONNECTIONS.search,
        duration: SECONDS,
        timeout: ANSWER_TIMEOUT_SECONDS,
        requests: rotating((i) => ({ path: searchPaths[i % searchPaths.length], headers: memberHeaders[(i * 7) % PARTIES] }), 'GET', '/api/v1/offers'),
      }),
      runAutocannon({
        url: BASE,
        connections: CONNECTIONS.offers,
        duration: SECONDS,
        timeout: ANSWER_TIMEOUT_SECONDS,
        requests: rotating((i) => ({ headers: memberHeaders[offerBodies[i % 500].partyIndex], body: offerBodies[i % 500].body }), 'POST', '/api/v1/offers'),
      }),
      runAutocannon({
        url: BASE,
        connections: CONNECTIONS.needs,
        duration: SECONDS,
        timeout: ANSWER_TIMEOUT_SECONDS,
        requests: rotating((i) => ({ headers: memberHeaders[needBodies[i % 500].partyIndex], body: needBodies[i % 500].body }), 'POST', '/api/v1/needs'),
      }),
      runAutocannon({
        url: BASE,
        connections: CONNECTIONS.adminQueue,
        duration: SECONDS,
        timeout: ANSWER_TIMEOUT_SECONDS,
        requests: rotating((i) => ({ path: `/api/v1/admin/matches?limit=20${queueFilters[i % queueFilters.length]}`, headers: adminHeaders }), 'GET', '/api/v1/admin/matches'),
      }),
      reviewer('sustainable-development', false),
      reviewer('health', false),
      reviewer('digital', true),
    ]);
    const loadSeconds = (Date.now() - loadStarted) / 1000;
    const cpuShare = (child: ChildProcess, before: number) => `${(((cpuSeconds(child) - before) / loadSeconds) * 100).toFixed(0)} %`;
    const cpuDuringLoad = `API ${cpuShare(api, cpuBefore.api)}, worker ${cpuShare(worker, cpuBefore.worker)}`;
    const loadEnded = Date.now();

    const drained = await waitUntilScored(dataSource, queue, DRAIN_LIMIT_SECONDS);
    sampling = false;
    await sampler;
    const duringLoad = lag.filter((sample) => sample.at <= loadEnded);
    const [written] = await dataSource.query(
      `SELECT count(*)::int AS listings, count(*) FILTER (WHERE scored_revision = revision)::int AS scored FROM listings WHERE created_at >= $1`,
      [new Date(loadStarted)],
    );

    // ── Figures ──
    const routes = [
      fromAutocannon('GET /recommendations', CONNECTIONS.recommendations, recommendations),
      fromAutocannon('GET /offers?q=', CONNECTIONS.search, search),
      fromAutocannon('POST /offers', CONNECTIONS.offers, offers),
      fromAutocannon('POST /needs', CONNECTIONS.needs, needs),
      fromAutocannon('GET /admin/matches (filters)', CONNECTIONS.adminQueue, adminQueue),
      reviewerQueueReads.figures(loadSeconds),
      singleDecisions.figures(loadSeconds),
      bulkDecisions.figures(loadSeconds),
    ];
    console.log('');
    for (const route of routes) console.log(figuresLine(route));
    const total = (pick: (f: RouteFigures) => number) => routes.reduce((sum, f) => sum + pick(f), 0);
    const totalRequests = total((f) => f.requests);
    const limited = total((f) => countWhere(f, (s) => s === 429));
    const serverErrors = total((f) => countWhere(f, (s) => s >= 500));
    const unanswered = total((f) => f.errors);
    console.log(
      `${'total'.padEnd(44)} ${(totalRequests / loadSeconds).toFixed(1).padStart(7)} req/s   ${totalRequests} requests in ${loadSeconds.toFixed(1)} s: ` +
        `429 ${limited}, 5xx ${serverErrors}, no answer ${unanswered}`,
    );
    console.log(
      '  busy: requests in flight on average (throughput x mean latency, Little\'s law) of the connections given; well below them, the load generator (this process, short of CPU) sent less than it could, not the API',
    );
    console.log(`  recommendation page cache: ${describePageReads(pagesBefore, await recommendationPageReads(BASE))}`);
    console.log(`  CPU during the load (of one core): ${cpuDuringLoad}; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores`);
    console.log(`  decisions: ${[...decisionResults].map(([result, n]) => `${result}: ${n}`).join(', ') || 'none'}`);
    if (limited > 0) console.log(`  the 429s are the per-party recommendation limit (${RECOMMENDATIONS_RATE_LIMIT} reads a minute per party, whichever member reads)`);
    const conflicts = decisionResults.get('single 409') ?? 0;
    if (conflicts > 0) console.log(`  409s on decisions: the match changed between the reviewer's read and its decision (a listing withdrawn, or a decision by another path)`);

    const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
    const oldest = sorted(duringLoad.map((sample) => sample.oldestUnscoredSeconds));
    const queued = sorted(duringLoad.map((sample) => sample.queued));
    const unscored = sorted(duringLoad.map((sample) => sample.unscored));
    console.log(
      `  queue lag (${duringLoad.length} samples, one a second): oldest unscored listing p50 ${percentile(oldest, 50).toFixed(1)} s, max ${oldest[oldest.length - 1]?.toFixed(1)} s; ` +
        `matching jobs waiting+active p50 ${percentile(queued, 50)}, max ${queued[queued.length - 1]}; unscored listings p50 ${percentile(unscored, 50)}, max ${unscored[unscored.length - 1]}`,
    );
    console.log(
      `  ${written.listings} listings submitted during the load, ${written.scored} scored; backlog ` +
        (Number.isFinite(drained.seconds) ? `drained ${drained.seconds.toFixed(1)} s after the load ended` : `NOT drained ${DRAIN_LIMIT_SECONDS} s after the load: ${JSON.stringify(drained.last)}`),
    );

    if (serverErrors > 0 || unanswered > 0) {
      console.log(`FAILED: ${serverErrors} answers 5xx and ${unanswered} requests without an answer within ${ANSWER_TIMEOUT_SECONDS} s (see ${LOG})`);
      failed = true;
    }
    if (!Number.isFinite(drained.seconds)) {
      console.log(`FAILED: the scoring backlog did not drain within ${DRAIN_LIMIT_SECONDS} s`);
      failed = true;
    }
  } finally {
    for (const child of children.reverse()) await stopProcess(child);
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await dataSource.destroy();
  }
  process.exitCode = failed ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
