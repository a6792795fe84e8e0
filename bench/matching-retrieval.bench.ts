/**
 * Candidate retrieval through PostgreSQL's GIN indexes against exhaustive scoring, on a forum of
 * 100k published needs generated from the taxonomy (skewed topics, six languages), in one run:
 *  - indexed: the worker's own path (CandidatesRepository + prepare + score) per new offer, p50/p95;
 *  - exhaustive: every gated need scored in memory (features loaded and prepared once beforehand,
 *    which favours the baseline), per offer;
 *  - recall@10 of the indexed top 10 against the exhaustive top 10 (ties at the 10th score count);
 *  - full scoring jobs with their writes (ScoreListingService as the worker runs it) for every
 *    offer, queued by topic as a re-match queues them, from a cold cache: jobs/s, and the
 *    projection of a full re-match of 100k offers x 100k needs from it.
 * Run: npx ts-node --transpile-only bench/matching-retrieval.bench.ts [needs=100000] [offers=2000]
 * (BENCH_REUSE=1 keeps the forum an earlier run seeded with the same sizes; seeding takes minutes.)
 */
import 'reflect-metadata';
import { cpus } from 'node:os';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { regionOf } from '../src/common/geography/regions';
import { CandidateFeatures, CandidatesRepository } from '../src/modules/matching/candidates.repository';
import { DocumentFrequenciesService } from '../src/modules/matching/document-frequencies.service';
import { ScoreListingService } from '../src/modules/matching/score-listing.service';
import { WorkerModule } from '../src/worker.module';
import { passesHardGates, prepareFeatures, scoreMatch } from '../src/modules/matching/scoring/match-score';
import { ScoringContext, taxonomyLookups } from '../src/modules/matching/scoring/scoring-context';
import { DEFAULT_SCORING_WEIGHTS } from '../src/modules/matching/scoring/scoring-weights';
import { createTaxonomyLookup, loadTaxonomy } from '../src/modules/matching/taxonomy/taxonomy.loader';
import { analyzeListingText } from '../src/modules/matching/text/analyze-listing-text';
import { createConceptMatcher } from '../src/modules/matching/text/concept-matcher';
import { BENCH_SERVER_URL, freshBenchDatabase, ms, summarize } from './support/bench-database';
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

const taxonomy = loadTaxonomy();
const lookup = createTaxonomyLookup(taxonomy);
const matcher = createConceptMatcher(taxonomy);

interface Row {
  id?: string;
  kind: string;
  party_id: string;
  party_country: string;
  party_region: string;
  status: string;
  title: string;
  description: string;
  language: string;
  detected_language: string;
  sector: string;
  field_ids: number[];
  concept_ids: number[];
  concept_counts: Record<string, number>;
  term_frequencies: Record<string, number>;
  trl: number | null;
  min_trl: number | null;
  transfer_modes: string[];
  target_countries: string[];
  search_document: string;
  taxonomy_version: string;
}

function toRow(listing: SyntheticListing, party: { id: string; country: string }): Row {
  const analysis = analyzeListingText({ title: listing.title, description: listing.description, language: listing.language }, matcher, lookup);
  return {
    kind: listing.kind,
    party_id: party.id,
    party_country: party.country,
    party_region: regionOf(party.country),
    status: 'published',
    title: listing.title,
    description: listing.description,
    language: listing.language,
    detected_language: analysis.detectedLanguage,
    sector: listing.sector,
    field_ids: analysis.fieldIds,
    concept_ids: analysis.conceptIds,
    concept_counts: analysis.conceptCounts,
    term_frequencies: analysis.termFrequencies,
    trl: listing.trl,
    min_trl: listing.minTrl,
    transfer_modes: listing.transferModes,
    target_countries: listing.targetCountries,
    search_document: analysis.searchDocument,
    taxonomy_version: taxonomy.version,
  };
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

  // Exhaustive: every published need, loaded and prepared once (not timed per offer: favours the baseline).
  started = Date.now();
  const allNeeds: CandidateFeatures[] = await candidates.findFeaturesByIds(await idsOf('need'));
  const loadMs = Date.now() - started;
  started = Date.now();
  const preparedNeeds = allNeeds.map((need) => ({ need, prepared: prepareFeatures(need, context) }));
  const prepareMs = Date.now() - started;
  const exhaustiveTimes: number[] = [];
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
  console.log(`  recall@10: ${(recallHits / Math.max(1, recallTotal)).toFixed(3)} (${recallHits}/${recallTotal} pairs scoring >= ${MIN_SCORE}, ${EXHAUSTIVE_OFFERS} offers)`);
  console.log(`  targets: p95 <= 100 ms, >= 30x, recall@10 >= 0.95`);

  await worker.close();
  preparedNeeds.length = 0;
  allNeeds.length = 0;

  // A new worker, its cache cold, scoring every offer in the order a re-match queues them.
  const rematchWorker = await startWorkerContext(url);
  const ordered: { id: string }[] = await dataSource.query(`SELECT id FROM listings WHERE kind = 'offer' ORDER BY sector, concept_ids[1] NULLS LAST, id`);
  await projectFullRematch(rematchWorker.get(ScoreListingService), ordered.map((row) => row.id));
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

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
