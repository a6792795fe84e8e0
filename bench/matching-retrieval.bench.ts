/**
 * Candidate retrieval through PostgreSQL's GIN indexes against exhaustive scoring, on a forum of
 * 100k published needs generated from the taxonomy (skewed topics, six languages), in one run:
 *  - indexed: the worker's own path (CandidatesRepository + prepare + score) per new offer, p50/p95;
 *  - exhaustive: every gated need scored in memory (features loaded and prepared once beforehand,
 *    which favours the baseline), per offer;
 *  - recall@10 of the indexed top 10 against the exhaustive top 10 (ties at the 10th score count);
 *  - retrieval from the in-memory CandidateIndex + scoring per new offer, p50/p95, beside the same
 *    exhaustive baseline: with the worker's LRU cache of prepared counterparts, and with a re-match
 *    snapshot (every listing prepared in memory, as the exhaustive baseline has its needs);
 *  - full scoring jobs with their writes (ScoreListingService as the worker runs it) for every
 *    offer, queued by topic as a re-match queues them, from a cold cache: jobs/s, and the
 *    projection of a full re-match of 100k offers x 100k needs from it;
 *  - the same offers re-matched as the bulk path does (rematch-batch: a snapshot of the index and
 *    of every listing prepared, batches of REMATCH_BATCH_SIZE read and written at once), in one and
 *    in two worker processes, the snapshot's build time and memory, and the projection of a full
 *    re-match from that.
 * Run: npx ts-node --transpile-only bench/matching-retrieval.bench.ts [needs=100000] [offers=2000]
 * (BENCH_REUSE=1 keeps the forum an earlier run seeded with the same sizes; seeding takes minutes.
 * BENCH_ONLY=bulk runs the bulk re-match part alone; REMATCH_BATCH_SIZE sets its batch size.)
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { CandidateIndexSnapshots } from '../src/modules/matching/candidate-index-snapshots.service';
import { CandidateFeatures, CandidatesRepository } from '../src/modules/matching/candidates.repository';
import { DocumentFrequenciesService } from '../src/modules/matching/document-frequencies.service';
import { ScoreListingService } from '../src/modules/matching/score-listing.service';
import { CandidateIndex } from '../src/modules/matching/scoring/candidate-index';
import { WorkerModule } from '../src/worker.module';
import { matchScoreValue, passesHardGates, prepareFeatures, scoreMatch } from '../src/modules/matching/scoring/match-score';
import { ScoringContext, taxonomyLookups } from '../src/modules/matching/scoring/scoring-context';
import { DEFAULT_SCORING_WEIGHTS } from '../src/modules/matching/scoring/scoring-weights';
import { loadTaxonomy } from '../src/modules/matching/taxonomy/taxonomy.loader';
import { BENCH_SERVER_URL, freshBenchDatabase, ms, summarize } from './support/bench-database';
import { SERVICE_NODE_FLAGS } from './support/http-bench';
import { AnalysedListingRow, createListingRowBuilder } from './support/listing-rows';
import { buildDataSourceOptions } from '../src/database/database-options';
import { runMigrationsUnderLock } from '../src/database/run-migrations';
import { createListingGenerator, seededRandom, SyntheticListing, syntheticParties } from './support/synthetic-listings';

const NEEDS = Number(process.argv[2] ?? 100_000);
const OFFERS = Number(process.argv[3] ?? 2000);
const MEASURED_OFFERS = Math.min(OFFERS - 50, 400);
const EXHAUSTIVE_OFFERS = Math.min(OFFERS, 40);
const CANDIDATES = Number(process.env.MATCH_CANDIDATES ?? 500);
const PARTIES = 3000;
const BATCH = 2000;
const MIN_SCORE = 0.15;
/** The worker's default (REMATCH_BATCH_SIZE in src/config/env.schema.ts). */
const REMATCH_BATCH = Number(process.env.REMATCH_BATCH_SIZE ?? 100);
/** A full re-match: every offer and every need scored once. */
const FULL_REMATCH_LISTINGS = 200_000;

const taxonomy = loadTaxonomy();

interface Row extends AnalysedListingRow {
  id?: string;
  status: string;
}

const toListingRow = createListingRowBuilder(taxonomy);

function toRow(listing: SyntheticListing, party: { id: string; country: string }): Row {
  return { ...toListingRow(listing, party), status: 'published' };
}

async function insertListings(dataSource: DataSource, rows: Row[]): Promise<string[]> {
  const inserted: { id: string }[] = await dataSource.query(
    `INSERT INTO listings (kind, party_id, party_country, party_region, status, title, description, language, detected_language, sector,
                           field_ids, concept_ids, concept_counts, term_frequencies, trl, min_trl, transfer_modes, target_countries,
                           search_document, taxonomy_version, published_at, expires_at, scored_revision)
     SELECT kind, party_id, party_country, party_region, status, title, description, language, detected_language, sector,
            field_ids, concept_ids, concept_counts, term_frequencies, trl, min_trl, transfer_modes, target_countries,
            search_document, taxonomy_version, now() - random() * interval '300 days', now() + interval '60 days', 1
       FROM jsonb_to_recordset($1::jsonb) AS r(kind varchar, party_id uuid, party_country char(2), party_region varchar, status varchar,
            title varchar, description varchar, language varchar, detected_language varchar, sector varchar, field_ids int[],
            concept_ids int[], concept_counts jsonb, term_frequencies jsonb, trl smallint, min_trl smallint, transfer_modes text[],
            target_countries text[], search_document text, taxonomy_version varchar)
     RETURNING id`,
    [JSON.stringify(rows)],
  );
  return inserted.map((r) => r.id);
}


const DATABASE = 'techbridge_bench_matching';

/** The forum of an earlier run with the same sizes, migrated to the current schema; null when there is none. */
async function reuseBenchDatabase(): Promise<{ url: string; dataSource: DataSource } | null> {
  const url = `${BENCH_SERVER_URL}/${DATABASE}`;
  const dataSource = new DataSource(buildDataSourceOptions(url, 8));
  try {
    await dataSource.initialize();
  } catch {
    return null;
  }
  await runMigrationsUnderLock(dataSource);
  const [{ needs, offers }] = await dataSource.query(`SELECT count(*) FILTER (WHERE kind = 'need')::int AS needs, count(*) FILTER (WHERE kind = 'offer')::int AS offers FROM listings`);
  if (needs === NEEDS && offers === OFFERS) return { url, dataSource };
  await dataSource.destroy();
  return null;
}

async function seed(dataSource: DataSource): Promise<void> {
  const random = seededRandom(7);
  const parties = syntheticParties(PARTIES, random);
  const partyRows: { id: string; country: string }[] = await dataSource.query(
    `INSERT INTO parties (name, country, region, kind, version)
     SELECT name, country, CASE WHEN country = 'CN' THEN 'china' ELSE 'asean' END, 'enterprise', 1 FROM jsonb_to_recordset($1::jsonb) AS r(name varchar, country char(2))
     RETURNING id, country`,
    [JSON.stringify(parties)],
  );
  const next = createListingGenerator(taxonomy, 11, PARTIES);
  const started = Date.now();
  for (let done = 0; done < NEEDS; done += BATCH) {
    const rows: Row[] = [];
    for (let i = 0; i < Math.min(BATCH, NEEDS - done); i++) {
      const listing = next('need');
      rows.push(toRow(listing, partyRows[listing.partyIndex]));
    }
    await insertListings(dataSource, rows);
    if (done % 20_000 === 0) process.stdout.write(`  seeded ${done + rows.length} needs\r`);
  }
  const offerRows: Row[] = Array.from({ length: OFFERS }, () => {
    const listing = next('offer');
    return toRow(listing, partyRows[listing.partyIndex]);
  });
  await insertListings(dataSource, offerRows);
  await dataSource.query('VACUUM ANALYZE listings');
  await dataSource.query('VACUUM ANALYZE match_profiles');
  console.log(`seeded ${NEEDS} needs and ${OFFERS} offers (analysed + inserted) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function main(): Promise<void> {
  console.log(`matching retrieval bench: ${NEEDS} needs, ${OFFERS} offers, ${cpus().length} cores, node ${process.version}`);
  const reused = process.env.BENCH_REUSE === '1' ? await reuseBenchDatabase() : null;
  const { url, dataSource } = reused ?? (await freshBenchDatabase(DATABASE));
  if (reused) {
    await dataSource.query('TRUNCATE matches CASCADE');
    console.log('reusing the forum seeded by an earlier run (BENCH_REUSE=1); its matches emptied');
  } else {
    await seed(dataSource);
  }
  if (process.env.BENCH_ONLY === 'bulk') {
    const ordered: { id: string }[] = await dataSource.query(`SELECT id FROM listings WHERE kind = 'offer' ORDER BY sector, concept_ids[1] NULLS LAST, id`);
    await projectBulkRematch(dataSource, url, ordered.map((row) => row.id));
    await dataSource.destroy();
    return;
  }
  const worker = await startWorkerContext(url);
  const candidates = worker.get(CandidatesRepository);
  const idsOf = async (kind: string): Promise<string[]> => (await dataSource.query(`SELECT id FROM listings WHERE kind = $1 ORDER BY id`, [kind])).map((r: { id: string }) => r.id);
  const offers = (await candidates.findFeaturesByIds(await idsOf('offer'))).sort((a, b) => (a.id < b.id ? -1 : 1));
  const scoring = worker.get(ScoreListingService);
  let started = Date.now();
  const context: ScoringContext = { ...taxonomyLookups(taxonomy), ...(await worker.get(DocumentFrequenciesService).current()), weights: DEFAULT_SCORING_WEIGHTS };
  console.log(`document frequencies (concepts + per-language terms from a sample) loaded in ${Date.now() - started} ms`);

  // Indexed, cold: nothing prepared before, every candidate fetched and prepared.
  const coldTimes: number[] = [];
  for (const offer of offers.slice(0, 50)) {
    const t0 = performance.now();
    const refs = await candidates.findCandidateRefs(offer, CANDIDATES);
    const found = await candidates.findFeaturesByIds(refs.map((ref) => ref.id));
    const self = prepareFeatures(offer, context);
    for (const need of found) scoreMatch(self, prepareFeatures(need, context), context);
    coldTimes.push(performance.now() - t0);
  }

  // Indexed, steady state: the worker's own ranking, with its cache of prepared counterparts warm
  // from the jobs before (the first 50 offers, not measured).
  const indexedTimes: number[] = [];
  const indexedTop = new Map<string, { id: string; score: number }[]>();
  const candidateCounts: number[] = [];
  for (const offer of offers.slice(0, 50)) await scoring.rank(offer);
  for (const offer of offers.slice(50, 50 + MEASURED_OFFERS)) {
    const t0 = performance.now();
    const { candidates: count, kept } = await scoring.rank(offer);
    indexedTimes.push(performance.now() - t0);
    indexedTop.set(offer.id, kept.slice(0, 10).map((pair) => ({ id: pair.need.id, score: pair.result.score })));
    candidateCounts.push(count);
  }

  // In-memory index (the re-match's retrieval), same offers, same warm cache: only retrieval differs.
  started = Date.now();
  const index = new CandidateIndex(await candidates.findAllProfiles());
  const indexBuildMs = Date.now() - started;
  const memoryIndexTimes: number[] = [];
  let sameRefs = 0;
  for (const offer of offers.slice(50, 50 + MEASURED_OFFERS)) {
    const t0 = performance.now();
    await scoring.rankFromIndex(offer, index);
    memoryIndexTimes.push(performance.now() - t0);
  }
  for (const offer of offers.slice(50, 150)) {
    const fromSql = await candidates.findCandidateRefs(offer, CANDIDATES, context.conceptIdf);
    if (JSON.stringify(index.findCandidateRefs(offer, CANDIDATES, context.conceptIdf)) === JSON.stringify(fromSql)) sameRefs++;
  }

  // The re-match snapshot: the same index, and every listing prepared in memory beforehand (as the exhaustive baseline has its needs).
  started = Date.now();
  const snapshot = await worker.get(CandidateIndexSnapshots).forRematch(`bench-per-offer-${process.pid}`);
  const snapshotBuildMs = Date.now() - started;
  const snapshotTimes: number[] = [];
  for (const offer of offers.slice(50, 50 + MEASURED_OFFERS)) {
    const t0 = performance.now();
    await scoring.rankFromSnapshot(offer, snapshot);
    snapshotTimes.push(performance.now() - t0);
  }
  let sameKept = 0;
  for (const offer of offers.slice(50, 150)) {
    const keptOf = ({ kept }: Awaited<ReturnType<typeof scoring.rankFromIndex>>) => JSON.stringify(kept.map((pair) => [pair.need.id, pair.result]));
    if (keptOf(await scoring.rankFromSnapshot(offer, snapshot)) === keptOf(await scoring.rankFromIndex(offer, index))) sameKept++;
  }

  // Exhaustive: every published need, loaded and prepared once (not timed per offer: favours the baseline).
  started = Date.now();
  const allNeeds: CandidateFeatures[] = await candidates.findFeaturesByIds(await idsOf('need'));
  const loadMs = Date.now() - started;
  started = Date.now();
  const preparedNeeds = allNeeds.map((need) => ({ need, prepared: prepareFeatures(need, context) }));
  const prepareMs = Date.now() - started;
  const exhaustiveTimes: number[] = [];
  const exhaustiveScoreOnlyTimes: number[] = [];
  let recallHits = 0;
  let recallTotal = 0;
  for (const offer of offers.slice(50, 50 + EXHAUSTIVE_OFFERS)) {
    const t0 = performance.now();
    const self = prepareFeatures(offer, context);
    const scored: { id: string; score: number }[] = [];
    for (const { need, prepared } of preparedNeeds) {
      if (need.partyId === offer.partyId || !passesHardGates(offer, need)) continue;
      scored.push({ id: need.id, score: scoreMatch(self, prepared, context).score });
    }
    scored.sort((a, b) => b.score - a.score);
    exhaustiveTimes.push(performance.now() - t0);
    // A leaner baseline: the score alone, as a worker ranks before it explains the kept few.
    const t1 = performance.now();
    const selfAgain = prepareFeatures(offer, context);
    for (const { need, prepared } of preparedNeeds) {
      if (need.partyId === offer.partyId || !passesHardGates(offer, need)) continue;
      matchScoreValue(selfAgain, prepared, context);
    }
    exhaustiveScoreOnlyTimes.push(performance.now() - t1);
    // Recall counts only pairs good enough to be kept as matches; a tie with the 10th counts as found.
    const best = scored.slice(0, 10).filter((pair) => pair.score >= MIN_SCORE);
    if (best.length === 0) continue;
    const tenth = best[best.length - 1].score;
    const found = indexedTop.get(offer.id)!.filter((pair) => pair.score >= tenth - 1e-6).length;
    recallHits += Math.min(found, best.length);
    recallTotal += best.length;
  }

  const indexed = summarize(indexedTimes);
  const cold = summarize(coldTimes);
  const exhaustive = summarize(exhaustiveTimes);
  console.log('');
  console.log(`per new offer (retrieval + scoring)              p50         p95`);
  console.log(`  indexed, worker cache warm (<= ${CANDIDATES} cand.)    ${ms(indexed.p50).padEnd(11)} ${ms(indexed.p95)}   (candidates p50 ${summarize(candidateCounts).p50})`);
  console.log(`  indexed, cold (every candidate fetched)       ${ms(cold.p50).padEnd(11)} ${ms(cold.p95)}`);
  console.log(`  exhaustive (all ${allNeeds.length} needs in memory)     ${ms(exhaustive.p50).padEnd(11)} ${ms(exhaustive.p95)}   (+ ${loadMs} ms to load and ${prepareMs} ms to prepare them once)`);
  const exhaustiveJob = loadMs + prepareMs + exhaustive.p50;
  console.log(`  exhaustive as a job (read all needs from PostgreSQL, prepare, score)  ${ms(exhaustiveJob)}`);
  console.log(
    `  speed-up p50 against the in-memory baseline: ${(exhaustive.p50 / indexed.p50).toFixed(1)}x warm, ${(exhaustive.p50 / cold.p50).toFixed(1)}x cold; against the exhaustive job: ${(exhaustiveJob / indexed.p50).toFixed(0)}x warm, ${(exhaustiveJob / cold.p50).toFixed(0)}x cold`,
  );
  const memoryIndexed = summarize(memoryIndexTimes);
  console.log(
    `  in-memory index, worker cache warm            ${ms(memoryIndexed.p50).padEnd(11)} ${ms(memoryIndexed.p95)}   (index of ${index.size} profiles built in ${indexBuildMs} ms; same refs as SQL for ${sameRefs}/100 offers)`,
  );
  const fromSnapshot = summarize(snapshotTimes);
  console.log(
    `  in-memory index, re-match snapshot            ${ms(fromSnapshot.p50).padEnd(11)} ${ms(fromSnapshot.p95)}   (snapshot of every listing prepared built in ${snapshotBuildMs} ms; same kept pairs and scores as with the cache for ${sameKept}/100 offers)`,
  );
  const exhaustiveScoreOnly = summarize(exhaustiveScoreOnlyTimes);
  console.log(`  exhaustive, score only (no explanation per pair) ${ms(exhaustiveScoreOnly.p50).padEnd(11)} ${ms(exhaustiveScoreOnly.p95)}`);
  console.log(
    `  speed-up p50 against the in-memory baseline: SQL retrieval ${(exhaustive.p50 / indexed.p50).toFixed(1)}x, in-memory index ${(exhaustive.p50 / memoryIndexed.p50).toFixed(1)}x, in-memory index with the snapshot ${(exhaustive.p50 / fromSnapshot.p50).toFixed(1)}x (${(exhaustiveScoreOnly.p50 / fromSnapshot.p50).toFixed(1)}x against score-only exhaustive)`,
  );
  console.log(`  recall@10: ${(recallHits / Math.max(1, recallTotal)).toFixed(3)} (${recallHits}/${recallTotal} pairs scoring >= ${MIN_SCORE}, ${EXHAUSTIVE_OFFERS} offers)`);
  console.log(`  targets: p95 <= 100 ms, >= 30x, recall@10 >= 0.95`);

  await worker.close();
  preparedNeeds.length = 0;
  allNeeds.length = 0;

  // A new worker, its cache cold, scoring every offer in the order a re-match queues them.
  const rematchWorker = await startWorkerContext(url);
  const ordered: { id: string }[] = await dataSource.query(`SELECT id FROM listings WHERE kind = 'offer' ORDER BY sector, concept_ids[1] NULLS LAST, id`);
  await projectFullRematch(rematchWorker.get(ScoreListingService), ordered.map((row) => row.id));
  await projectBulkRematch(dataSource, url, ordered.map((row) => row.id));
  global.gc?.();
  console.log(`memory: rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB, heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB after the re-match jobs`);
  await rematchWorker.close();
  await dataSource.destroy();
}

async function startWorkerContext(url: string): Promise<INestApplicationContext> {
  process.env.DATABASE_URL = url;
  process.env.QUEUE_PREFIX = 'techbridge-bench';
  process.env.LOG_LEVEL = 'silent';
  process.env.MIGRATIONS_RUN = 'false';
  process.env.MATCH_CANDIDATES = String(CANDIDATES);
  process.env.MATCH_MIN_SCORE = String(MIN_SCORE);
  return NestFactory.createApplicationContext(WorkerModule, { logger: false });
}

/**
 * Scores listings as the worker does (writes included), with the worker's concurrency, and
 * projects a full re-match: 100k offers and 100k needs are 200k jobs, each scoring one listing
 * against the other side; need-side jobs are assumed to cost what offer-side jobs cost (the
 * query and the scoring are symmetric).
 */
async function projectFullRematch(scoring: ScoreListingService, listingIds: string[]): Promise<void> {
  const concurrency = Number(process.env.WORKER_CONCURRENCY ?? 4);
  const queue = [...listingIds];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let id = queue.shift(); id; id = queue.shift()) await scoring.score(id);
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const perSecond = listingIds.length / seconds;
  const jobs = 200_000;
  console.log('');
  console.log(`full scoring jobs (retrieval + scoring + upsert of matches), ${concurrency} concurrent in one worker process:`);
  console.log(`  ${listingIds.length} offer jobs against ${NEEDS} needs in ${seconds.toFixed(2)} s = ${perSecond.toFixed(0)} jobs/s`);
  console.log(
    `  projection, full re-match of 100k offers x 100k needs = ${jobs} jobs at that rate: ${(jobs / perSecond / 60).toFixed(1)} min with one worker process on this machine (target <= 10 min)`,
  );
  console.log(
    `  (pessimistic: ${listingIds.length} offers spread over every topic share fewer candidates between consecutive jobs than 100k offers queued by topic would)`,
  );
}

interface RunnerReport {
  /** The re-match snapshot: index and every listing prepared, wall-clock, CPU (worker + PostgreSQL) and heap it holds. */
  indexMs: number;
  snapshotCpuMs: number;
  snapshotMiB: number;
  profiles: number;
  scoreMs: number;
  listings: number;
  kept: number;
  fetched: number;
  phases: Record<string, number>;
  /** CPU time of this process and of the PostgreSQL backends serving it, while it scored: what the run costs whatever else the machine runs. */
  nodeCpuMs: number;
  postgresCpuMs: number;
}

/**
 * The bulk path (rematch-batch jobs) on the bench's offers, in topic order, from cold worker
 * processes: once with one process scoring every batch, once with two taking alternate batches
 * (how a re-match uses both cores: BullMQ hands batches to whichever worker is free).
 */
async function projectBulkRematch(dataSource: DataSource, url: string, orderedIds: string[]): Promise<void> {
  const batches: string[][] = [];
  for (let start = 0; start < orderedIds.length; start += REMATCH_BATCH) batches.push(orderedIds.slice(start, start + REMATCH_BATCH));
  console.log('');
  console.log(`bulk re-match (rematch-batch: snapshot of the index and every listing prepared, batches of ${REMATCH_BATCH} read, scored and written at once), ${orderedIds.length} offers in ${batches.length} batches:`);
  for (const processes of [1, 2]) {
    // From empty: rows the run before wrote, unchanged, would not be rewritten and flatter the figure.
    await dataSource.query('TRUNCATE matches CASCADE');
    const reports = await Promise.all(
      Array.from({ length: processes }, (_, p) => runBatchesInChild(url, batches.filter((_, i) => i % processes === p))),
    );
    const indexMs = Math.max(...reports.map((r) => r.indexMs));
    const snapshotCpuMs = reports.reduce((sum, r) => sum + r.snapshotCpuMs, 0);
    const scoreSeconds = Math.max(...reports.map((r) => r.scoreMs)) / 1000;
    const listings = reports.reduce((sum, r) => sum + r.listings, 0);
    const rate = listings / scoreSeconds;
    const [{ rows }] = await dataSource.query(`SELECT count(*)::int AS rows FROM matches`);
    // The snapshot holds every published listing: a full re-match's has 200k, built once per process.
    const fullIndexSeconds = (indexMs / 1000) * (FULL_REMATCH_LISTINGS / reports[0].profiles);
    const projectedMinutes = (fullIndexSeconds + FULL_REMATCH_LISTINGS / rate) / 60;
    console.log(
      `  ${processes} worker process${processes > 1 ? 'es' : ''}: snapshot (index + every listing prepared) of ${reports[0].profiles} listings built in ${indexMs} ms (${(reports[0].snapshotCpuMs / 1000).toFixed(1)} s of CPU, ${reports[0].snapshotMiB.toFixed(0)} MiB of heap and external memory; ${((reports[0].snapshotMiB * FULL_REMATCH_LISTINGS) / reports[0].profiles).toFixed(0)} MiB at ${FULL_REMATCH_LISTINGS}), ${listings} listings scored and written in ${scoreSeconds.toFixed(2)} s = ${rate.toFixed(0)} listings/s (${rows} match rows)`,
    );
    const cpuMs = reports.reduce((sum, r) => sum + r.nodeCpuMs + r.postgresCpuMs, 0);
    const fullSnapshotCpuSeconds = (snapshotCpuMs / 1000) * (FULL_REMATCH_LISTINGS / reports[0].profiles);
    const cpuMinutes = (((cpuMs / listings) * FULL_REMATCH_LISTINGS) / 1000 / cpus().length + fullSnapshotCpuSeconds / cpus().length) / 60;
    const phases = Object.entries(reports[0].phases).map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(1)} s`).join(', ');
    console.log(`    first process's time by phase: ${phases}; ${reports[0].fetched} candidates read and prepared for its ${reports[0].listings} listings`);
    console.log(
      `    CPU: ${(reports.reduce((sum, r) => sum + r.nodeCpuMs, 0) / 1000).toFixed(1)} s in the worker process${processes > 1 ? 'es' : ''} + ${(reports.reduce((sum, r) => sum + r.postgresCpuMs, 0) / 1000).toFixed(1)} s in PostgreSQL = ${(cpuMs / listings).toFixed(1)} ms per listing`,
    );
    console.log(
      `    projection from CPU time (unaffected by other load, assumes the ${cpus().length} cores kept busy): (${FULL_REMATCH_LISTINGS} x ${(cpuMs / listings).toFixed(1)} ms + ${fullSnapshotCpuSeconds.toFixed(0)} s of snapshot builds scaled to ${FULL_REMATCH_LISTINGS}) / ${cpus().length} cores = ${cpuMinutes.toFixed(1)} min`,
    );
    console.log(
      `    projection from wall-clock time, as measured: ${fullIndexSeconds.toFixed(0)} s snapshot build (scaled to 200k profiles) + ${FULL_REMATCH_LISTINGS} listings / ${rate.toFixed(0)} per s = ${projectedMinutes.toFixed(1)} min (target <= 10 min)`,
    );
    // Candidates come prepared from the snapshot, read once per process when it is built (in the build time above).
    const perListingMs = Object.values(reports[0].phases).reduce((sum, ms) => sum + ms, 0) / reports[0].listings;
    const byPhasesMinutes = (fullIndexSeconds + (FULL_REMATCH_LISTINGS / processes) * (perListingMs / 1000)) / 60;
    console.log(
      `    projection from the first process's phases: snapshot build + ${FULL_REMATCH_LISTINGS}/${processes} listings x ${perListingMs.toFixed(1)} ms (read, retrieve, fetch, score, write) = ${byPhasesMinutes.toFixed(1)} min`,
    );
  }
  console.log(`  (load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}: wall-clock figures shrink when the machine runs nothing else)`);
  console.log(`  (need-side batches assumed to cost what offer-side batches cost; ${orderedIds.length} offers over every topic share fewer candidates per batch than 100k would: pessimistic)`);
}

/** A cold worker process (this file with --rematch-runner) that builds the snapshot index and scores the batches it is given. */
async function runBatchesInChild(url: string, batches: string[][]): Promise<RunnerReport> {
  const file = join(tmpdir(), `techbridge-bench-batches-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(batches));
  // --expose-gc only lets the runner measure the snapshot's heap; nothing else calls gc.
  const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, '--expose-gc', '-r', 'ts-node/register/transpile-only', __filename, '--rematch-runner', file], {
    // Each runner's connections carry a name of their own, so its PostgreSQL CPU excludes the other runner's.
    env: { ...process.env, BENCH_DATABASE_URL: url, PGAPPNAME: `techbridge-bench-runner-${Math.random().toString(36).slice(2)}` },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`re-match runner exited with code ${code}`);
  return JSON.parse(output.trim().split('\n').pop()!) as RunnerReport;
}

async function rematchRunner(file: string): Promise<void> {
  const batches = JSON.parse(readFileSync(file, 'utf8')) as string[][];
  const worker = await startWorkerContext(process.env.BENCH_DATABASE_URL!);
  const scoring = worker.get(ScoreListingService);
  const workerDataSource = worker.get(DataSource);
  // The document frequencies are loaded before, as a worker that has scored anything holds them already.
  await worker.get(DocumentFrequenciesService).current();
  // Typed arrays past a few dozen bytes live outside the heap: external memory counts too.
  const heldMemory = () => process.memoryUsage().heapUsed + process.memoryUsage().external;
  global.gc?.();
  const heapBefore = heldMemory();
  const snapshotBackendsBefore = await backendCpuMs(workerDataSource);
  const snapshotCpuBefore = process.cpuUsage();
  let started = Date.now();
  const snapshot = await worker.get(CandidateIndexSnapshots).forRematch(`bench-${process.pid}`);
  const indexMs = Date.now() - started;
  const snapshotCpu = process.cpuUsage(snapshotCpuBefore);
  const snapshotPostgresCpuMs = sumCpuSince(await backendCpuMs(workerDataSource), snapshotBackendsBefore);
  global.gc?.();
  const snapshotMiB = (heldMemory() - heapBefore) / 2 ** 20;
  const backendsBefore = await backendCpuMs(workerDataSource);
  const cpuBefore = process.cpuUsage();
  started = Date.now();
  let listings = 0;
  let kept = 0;
  let fetched = 0;
  const phases: Record<string, number> = {};
  for (const batch of batches) {
    const result = await scoring.scoreBatch(batch, snapshot);
    listings += result.scored;
    kept += result.kept;
    fetched += result.fetched;
    for (const [phase, ms] of Object.entries(result.ms)) phases[phase] = (phases[phase] ?? 0) + ms;
  }
  const scoreMs = Date.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const postgresCpuMs = sumCpuSince(await backendCpuMs(workerDataSource), backendsBefore);
  const snapshotCpuMs = (snapshotCpu.user + snapshotCpu.system) / 1000 + snapshotPostgresCpuMs;
  const report: RunnerReport = { indexMs, snapshotCpuMs, snapshotMiB, profiles: snapshot.index.size, scoreMs, listings, kept, fetched, phases, nodeCpuMs: (cpu.user + cpu.system) / 1000, postgresCpuMs };
  await worker.close();
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

function sumCpuSince(after: Map<number, number>, before: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

/** User + system CPU of every PostgreSQL backend of this process (by application name), by pid (from /proc; PostgreSQL runs on this machine). */
async function backendCpuMs(dataSource: DataSource): Promise<Map<number, number>> {
  const rows: { pid: number }[] = await dataSource.query(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = current_setting('application_name')`,
  );
  const ticksPerMs = 100 / 1000; // USER_HZ is 100 on Linux
  const result = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      result.set(pid, (Number(fields[11]) + Number(fields[12])) / ticksPerMs);
    } catch {
      // The backend ended in between.
    }
  }
  return result;
}

if (process.argv[2] === '--rematch-runner') {
  rematchRunner(process.argv[3]).then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
} else {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
