/**
 * kill -9 of a worker at random moments during a full re-match: no listing may be lost, no match
 * may be stored twice, and the matches left at the end must equal those of an undisturbed re-match
 * of the same listings.
 *
 * Seeds published listings generated from the taxonomy straight into PostgreSQL, then re-matches
 * them twice from the same derived state (no matches, nothing scored, an empty queue): once with
 * one worker left alone, once with that worker SIGKILLed and restarted KILLS times. One worker, not
 * a fleet: with nobody else to pick up its jobs, every job the killed worker held can only come back
 * through BullMQ's stalled-job check in the restarted worker (after its lock expires, 30 s), and
 * every kill stops all progress until the restart, the harshest case.
 *
 * The reconciler (maintenance queue) is paused in both runs unless RELIABILITY_RECONCILER=on: the
 * runs start from listings marked unscored so that a lost one shows, but in a real re-match every
 * listing is scored already and the reconciler cannot see a lost re-match job. Left running here it
 * would also queue a second job for most listings (its job ids differ from the re-match's) and
 * cover up losses a real re-match would keep.
 *
 * Non-destructive: a database of its own and the shared Redis under a queue prefix of its own; the
 * re-match is queued as the admin route queues it (no API needed). Workers run as child processes.
 * Run: npx ts-node --transpile-only scripts/reliability/worker-kill.ts [listings=10000] [kills=20]
 * MATCH_CANDIDATES, MATCHES_PER_LISTING, REMATCH_BATCH_SIZE and WORKER_CONCURRENCY are passed on to both runs alike.
 * Exits 1 when a check fails or the whole run exceeds RELIABILITY_DEADLINE_MINUTES (default 30).
 */
import { randomUUID } from 'node:crypto';
import { ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { Queue, QueueEvents } from 'bullmq';
import { DataSource } from 'typeorm';
import { freshBenchDatabase } from '../../bench/support/bench-database';
import { serviceEnv, startEntry, stopProcess } from '../../bench/support/http-bench';
import { createListingGenerator, seededRandom, syntheticParties } from '../../bench/support/synthetic-listings';
import { loadTaxonomy } from '../../src/modules/matching/taxonomy/taxonomy.loader';
import { DEFAULT_JOB_OPTIONS } from '../../src/queue/default-job-options';
import { JobName, QueueName, RematchAllData } from '../../src/queue/queue-names';
import { createListingRowBuilder } from '../../bench/support/listing-rows';

const LISTINGS = Number(process.argv[2] ?? 10_000);
const KILLS = Number(process.argv[3] ?? 20);
const SEED = Number(process.env.RELIABILITY_SEED ?? 20261125);
const PARTIES = 120;
const OFFER_SHARE = 0.45;
/** Between the restarted worker's first job and the kill: long enough for transactions to be cut at any point of a job, short enough for every kill to land mid-run. */
const KILL_DELAY_MS = { min: 300, max: 15_000 };
const DATABASE = process.env.RELIABILITY_DATABASE ?? 'techbridge_reliability_kill';
const PREFIX = process.env.RELIABILITY_QUEUE_PREFIX ?? 'techbridge-reliability-kill';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const LOG = process.env.RELIABILITY_LOG ?? '/tmp/techbridge-worker-kill.log';
const DEADLINE = Date.now() + Number(process.env.RELIABILITY_DEADLINE_MINUTES ?? 30) * 60_000;
const SCORE_TOLERANCE = 1e-6;
const RECONCILER = process.env.RELIABILITY_RECONCILER === 'on';
/** With the reconciler on, how long a drained queue may leave listings unscored before they count as lost (it runs every 60 s). */
const RECONCILER_GRACE_MS = 150_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

class DeadlineExceeded extends Error {}

function checkDeadline(doing: string): void {
  if (Date.now() > DEADLINE) throw new DeadlineExceeded(`overall deadline passed while ${doing}`);
}

async function seed(dataSource: DataSource): Promise<{ offers: number; needs: number }> {
  const taxonomy = loadTaxonomy();
  const toListingRow = createListingRowBuilder(taxonomy);
  const random = seededRandom(SEED);
  const parties: { id: string; country: string }[] = await dataSource.query(
    `INSERT INTO parties (name, country, region, kind, version)
     SELECT name, country, CASE WHEN country = 'CN' THEN 'china' ELSE 'asean' END, 'enterprise', 1
       FROM jsonb_to_recordset($1::jsonb) AS r(name varchar, country char(2))
     RETURNING id, country`,
    [JSON.stringify(syntheticParties(PARTIES, random))],
  );
  const next = createListingGenerator(taxonomy, SEED + 1, PARTIES);
  // Fixed, millisecond publication times, as listings published one by one get: the candidate order's last key.
  const publishedBase = Date.parse('2026-11-01T00:00:00Z');
  const counts = { offers: 0, needs: 0 };
  for (let done = 0; done < LISTINGS; done += 1000) {
    const rows = Array.from({ length: Math.min(1000, LISTINGS - done) }, () => {
      const listing = next(random() < OFFER_SHARE ? 'offer' : 'need');
      counts[listing.kind === 'offer' ? 'offers' : 'needs']++;
      return {
        ...toListingRow(listing, parties[listing.partyIndex]),
        published_at: new Date(publishedBase - Math.floor(random() * 300 * 86_400_000)).toISOString(),
      };
    });
    // Published directly: the trigger on listings writes each one's match_profiles row.
    await dataSource.query(
      `INSERT INTO listings (kind, party_id, party_country, party_region, status, title, description, language, detected_language, sector,
                             field_ids, concept_ids, concept_counts, term_frequencies, trl, min_trl, transfer_modes, target_countries,
                             search_document, taxonomy_version, published_at, expires_at)
       SELECT kind, party_id, party_country, party_region, 'published', title, description, language, detected_language, sector,
              field_ids, concept_ids, concept_counts, term_frequencies, trl, min_trl, transfer_modes, target_countries,
              search_document, taxonomy_version, published_at, now() + interval '60 days'
         FROM jsonb_to_recordset($1::jsonb) AS r(kind varchar, party_id uuid, party_country char(2), party_region varchar, title varchar,
              description varchar, language varchar, detected_language varchar, sector varchar, field_ids int[], concept_ids int[],
              concept_counts jsonb, term_frequencies jsonb, trl smallint, min_trl smallint, transfer_modes text[], target_countries text[],
              search_document text, taxonomy_version varchar, published_at timestamptz)`,
      [JSON.stringify(rows)],
    );
  }
  await dataSource.query('VACUUM ANALYZE listings');
  await dataSource.query('VACUUM ANALYZE match_profiles');
  return counts;
}

interface MatchRow {
  offer_id: string;
  need_id: string;
  score: number;
  chosen_by_offer: boolean;
  chosen_by_need: boolean;
  explanation: unknown;
}

interface RunResult {
  label: string;
  durationMs: number;
  matches: Map<string, MatchRow>;
  failedJobs: number;
  failedReasons: string[];
  stalledEvents: number;
  /** Job id -> how often it was found stalled and put back (maxStalledCount 8: a ninth time fails it). */
  stalledJobs: Map<string, number>;
  completed: { rematch: number; reconciler: number; listingsScoredMoreThanOnce: number };
  kills: { atMs: number; activeJobs: number; scored: number }[];
}

/** Equal as JSON, numbers within SCORE_TOLERANCE (explanations hold the factors' floating-point values). */
function sameJson(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= SCORE_TOLERANCE;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = Object.keys(a as object).sort();
    const otherKeys = Object.keys(b as object).sort();
    return keys.join() === otherKeys.join() && keys.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

async function main(): Promise<void> {
  console.log(`worker kill -9: ${LISTINGS} listings re-matched undisturbed, then again with ${KILLS} SIGKILLs of the worker (seed ${SEED})`);
  const settings = {
    MATCH_CANDIDATES: process.env.MATCH_CANDIDATES ?? '500 (default)',
    MATCHES_PER_LISTING: process.env.MATCHES_PER_LISTING ?? '20 (default)',
    REMATCH_BATCH_SIZE: process.env.REMATCH_BATCH_SIZE ?? 'default',
    WORKER_CONCURRENCY: process.env.WORKER_CONCURRENCY ?? '4 (default)',
  };
  console.log(`  settings for both runs: ${Object.entries(settings).map(([k, v]) => `${k}=${v}`).join(', ')}; reconciler ${RECONCILER ? 'on' : 'paused'}; worker output: ${LOG}`);
  const { url, dataSource } = await freshBenchDatabase(DATABASE);
  const connection = { url: REDIS_URL };
  const matching = new Queue(QueueName.Matching, { connection, prefix: PREFIX, defaultJobOptions: DEFAULT_JOB_OPTIONS });
  const maintenance = new Queue(QueueName.Maintenance, { connection, prefix: PREFIX });
  const events = new QueueEvents(QueueName.Matching, { connection, prefix: PREFIX });
  await events.waitUntilReady();
  const log = openSync(LOG, 'w');
  const env = serviceEnv(url, PREFIX, { REDIS_URL, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const startWorker = () => startEntry('worker.ts', { env, stdio: ['ignore', log, log] });
  let worker: ChildProcess | undefined;
  const failures: string[] = [];
  // A deadline cannot always be noticed by a loop (a hung await): this ends the run regardless.
  const watchdog = setTimeout(() => {
    console.log('FAILED: overall deadline passed; stopping');
    if (worker?.exitCode === null) worker.kill('SIGKILL');
    process.exit(1);
  }, DEADLINE - Date.now() + 90_000);
  watchdog.unref();

  const scoredCount = async (): Promise<number> =>
    (await dataSource.query(`SELECT count(*)::int AS n FROM listings WHERE status = 'published' AND scored_revision = revision`))[0].n;

  /** Everything a re-match derives from the listings, gone: matches, scoring marks, queued jobs. */
  async function resetDerivedState(): Promise<void> {
    await dataSource.query('DELETE FROM matches');
    await dataSource.query('UPDATE listings SET scored_revision = NULL');
    await matching.obliterate({ force: true });
    await maintenance.obliterate({ force: true });
    if (!RECONCILER) await maintenance.pause();
  }

  async function rematch(label: string, kills: number): Promise<RunResult> {
    await resetDerivedState();
    const random = seededRandom(SEED + 2);
    const completions = new Map<string, number>();
    const result: RunResult = {
      label,
      durationMs: 0,
      matches: new Map(),
      failedJobs: 0,
      failedReasons: [],
      stalledEvents: 0,
      stalledJobs: new Map(),
      completed: { rematch: 0, reconciler: 0, listingsScoredMoreThanOnce: 0 },
      kills: [],
    };
    let lastActiveAt = 0;
    const onActive = () => (lastActiveAt = Date.now());
    const onStalled = ({ jobId }: { jobId: string }) => {
      result.stalledEvents++;
      result.stalledJobs.set(jobId, (result.stalledJobs.get(jobId) ?? 0) + 1);
    };
    const onCompleted = ({ jobId }: { jobId: string }) => {
      // rematch-... from the re-match (its fan-out and what it queued), score-<listing>-r<revision> from the reconciler.
      if (jobId.startsWith('rematch-')) result.completed.rematch++;
      if (jobId.startsWith('score-')) result.completed.reconciler++;
      const listing = /^rematch-.+-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(jobId)?.[1] ?? /^score-([0-9a-f-]{36})-r\d+$/.exec(jobId)?.[1];
      if (listing) completions.set(listing, (completions.get(listing) ?? 0) + 1);
    };
    events.on('active', onActive).on('stalled', onStalled).on('completed', onCompleted);

    // The job the admin route queues: same name, data and kind of id.
    const data: RematchAllData = { requestedBy: null };
    await matching.add(JobName.RematchAll, data, { jobId: `rematch-${randomUUID()}` });
    const started = Date.now();
    worker = startWorker();
    let done = false;
    const killer = (async () => {
      for (let i = 0; i < kills && !done; i++) {
        const restartedAt = Date.now();
        while (!done && lastActiveAt < restartedAt) await sleep(50);
        if (done) break;
        await sleep(KILL_DELAY_MS.min + random() * (KILL_DELAY_MS.max - KILL_DELAY_MS.min));
        if (done) break;
        const activeJobs = await matching.getActiveCount();
        const scored = await scoredCount();
        await stopProcess(worker, 'SIGKILL');
        result.kills.push({ atMs: Date.now() - started, activeJobs, scored });
        worker = startWorker();
      }
    })();

    let lastReport = Date.now();
    let drainedAt: number | null = null;
    try {
      for (;;) {
        checkDeadline(`waiting for the ${label} re-match`);
        const unscored = LISTINGS - (await scoredCount());
        const counts = await matching.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
        const pending = Object.values(counts).reduce((sum, n) => sum + n, 0);
        if (unscored === 0 && pending === 0) break;
        // Nothing queued and nothing running: what is still unscored now is lost (the checks say so).
        drainedAt = pending === 0 ? (drainedAt ?? Date.now()) : null;
        if (drainedAt !== null && (!RECONCILER || Date.now() - drainedAt > RECONCILER_GRACE_MS)) {
          console.log(`    queue drained with ${unscored} listings unscored`);
          break;
        }
        if (Date.now() - lastReport > 30_000) {
          lastReport = Date.now();
          console.log(`    ${seconds(Date.now() - started)}: ${LISTINGS - unscored} scored, jobs ${JSON.stringify(counts)}, kills ${result.kills.length}`);
        }
        await sleep(500);
      }
    } finally {
      done = true;
      await killer;
    }
    result.durationMs = Date.now() - started;
    // Stopped before reading: a worker still sweeping announcements or reconciling must not move the snapshot.
    await stopProcess(worker);
    worker = undefined;
    events.off('active', onActive).off('stalled', onStalled).off('completed', onCompleted);
    result.failedJobs = await matching.getFailedCount();
    result.failedReasons = (await matching.getFailed(0, 4)).map((job) => `${job.id} (${job.name}, ${job.data?.listingIds?.length ?? 1} listings): ${job.failedReason}`);
    result.completed.listingsScoredMoreThanOnce = [...completions.values()].filter((n) => n > 1).length;
    const rows: MatchRow[] = await dataSource.query(`SELECT offer_id, need_id, score, chosen_by_offer, chosen_by_need, explanation FROM matches`);
    for (const row of rows) result.matches.set(`${row.offer_id} ${row.need_id}`, row);
    return result;
  }

  function describe(run: RunResult): void {
    const chosen = [...run.matches.values()].filter((m) => m.chosen_by_offer || m.chosen_by_need).length;
    console.log(
      `  ${run.label}: ${seconds(run.durationMs)}, ${run.matches.size} matches (${chosen} chosen by a side), ` +
        `scoring jobs completed (queue events): ${run.completed.rematch} from the re-match + ${run.completed.reconciler} from the reconciler, ` +
        `${run.completed.listingsScoredMoreThanOnce} listings scored more than once; failed jobs ${run.failedJobs}, ` +
        `stalled events ${run.stalledEvents} (${run.stalledJobs.size} jobs, at most ${Math.max(0, ...run.stalledJobs.values())} times one job)`,
    );
    for (const reason of run.failedReasons) console.log(`    failed: ${reason}`);
  }

  try {
    const seedStarted = Date.now();
    const { offers, needs } = await seed(dataSource);
    console.log(`  seeded ${offers} offers and ${needs} needs of ${PARTIES} parties, published, in ${seconds(Date.now() - seedStarted)}`);

    console.log('  undisturbed re-match, one worker');
    const undisturbed = await rematch('undisturbed', 0);
    describe(undisturbed);

    console.log(`  re-match with ${KILLS} SIGKILLs of the worker, each restarted at once`);
    const killed = await rematch('killed', KILLS);
    describe(killed);
    console.log(
      `  kills (s into the run / jobs active / listings scored): ${killed.kills.map((k) => `${(k.atMs / 1000).toFixed(0)}/${k.activeJobs}/${k.scored}`).join(' ')}`,
    );
    if (killed.kills.length < KILLS) failures.push(`only ${killed.kills.length} of ${KILLS} kills landed before the re-match finished`);
    const withJobsActive = killed.kills.filter((k) => k.activeJobs > 0).length;
    console.log(`  kills with jobs active: ${withJobsActive} of ${killed.kills.length}`);

    const [{ lost }] = await dataSource.query(
      `SELECT count(*)::int AS lost FROM listings WHERE status = 'published' AND scored_revision IS DISTINCT FROM revision`,
    );
    const [{ duplicates }] = await dataSource.query(`SELECT count(*)::int AS duplicates FROM (SELECT 1 FROM matches GROUP BY offer_id, need_id HAVING count(*) > 1) d`);
    const [{ uniqueIndexes }] = await dataSource.query(
      `SELECT count(*)::int AS "uniqueIndexes"
         FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
        WHERE t.relname = 'matches' AND i.indisunique
          AND ARRAY(SELECT a.attname::text FROM unnest(i.indkey) WITH ORDINALITY k(attnum, ord)
                      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord) = ARRAY['offer_id', 'need_id']`,
    );
    console.log(`  lost listings: ${lost}; duplicate matches: ${duplicates}; unique index on matches (offer_id, need_id): ${uniqueIndexes ? 'present' : 'MISSING'}`);
    if (lost) failures.push(`${lost} published listings not scored at their revision`);
    if (duplicates) failures.push(`${duplicates} (offer, need) pairs stored more than once`);
    if (!uniqueIndexes) failures.push('no unique index on matches (offer_id, need_id)');
    if (undisturbed.failedJobs || killed.failedJobs) failures.push(`failed jobs: ${undisturbed.failedJobs} undisturbed, ${killed.failedJobs} killed`);

    const differences = { onlyUndisturbed: [] as string[], onlyKilled: [] as string[], score: [] as string[], chosen: [] as string[], explanation: [] as string[] };
    for (const [pair, before] of undisturbed.matches) {
      const after = killed.matches.get(pair);
      if (!after) {
        differences.onlyUndisturbed.push(pair);
        continue;
      }
      if (Math.abs(before.score - after.score) > SCORE_TOLERANCE) differences.score.push(`${pair} ${before.score} vs ${after.score}`);
      if (before.chosen_by_offer !== after.chosen_by_offer || before.chosen_by_need !== after.chosen_by_need) {
        differences.chosen.push(`${pair} offer ${before.chosen_by_offer}/${after.chosen_by_offer} need ${before.chosen_by_need}/${after.chosen_by_need}`);
      }
      if (!sameJson(before.explanation, after.explanation)) differences.explanation.push(pair);
    }
    for (const pair of killed.matches.keys()) if (!undisturbed.matches.has(pair)) differences.onlyKilled.push(pair);
    console.log(
      `  final matches against the undisturbed run: ${differences.onlyUndisturbed.length} pairs missing, ${differences.onlyKilled.length} extra, ` +
        `${differences.score.length} scores differ (> ${SCORE_TOLERANCE}), ${differences.chosen.length} chosen flags differ, ${differences.explanation.length} explanations differ`,
    );
    for (const [kind, list] of Object.entries(differences)) {
      if (list.length === 0) continue;
      failures.push(`${list.length} matches differ from the undisturbed run (${kind})`);
      for (const example of list.slice(0, 3)) console.log(`    ${kind}: ${example}`);
    }
  } catch (error) {
    if (!(error instanceof DeadlineExceeded)) throw error;
    failures.push(error.message);
  } finally {
    await stopProcess(worker, 'SIGKILL');
    await events.close();
    await matching.obliterate({ force: true }).catch(() => undefined);
    await maintenance.obliterate({ force: true }).catch(() => undefined);
    await matching.close();
    await maintenance.close();
    await dataSource.destroy();
    clearTimeout(watchdog);
  }
  console.log(
    failures.length
      ? `FAILED:\n  ${failures.join('\n  ')}`
      : `OK: ${KILLS} kills -9, no listing lost, no duplicate match, the final matches equal those of the undisturbed run`,
  );
  process.exitCode = failures.length ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
