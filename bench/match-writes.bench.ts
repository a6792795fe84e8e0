/**
 * MatchWriter.write, A/B in one run: the write path as it was before migration 1796500000000
 * (rows as one jsonb document, the change log's update trigger free to plan a nested loop) beside
 * the current one, on copies of the same forum, batch after batch, the
 * variants' order alternating from one batch to the next so that other load and the caches fall on
 * all alike. Figures are the CPU time of the PostgreSQL backend serving each variant (one
 * connection each; /proc/<pid>/stat, 10 ms ticks summed over the batches) and wall-clock medians.
 *
 *   BENCH_SEED=23 npx ts-node --transpile-only bench/match-writes.bench.ts
 *   BENCH_SEED=23 BENCH_VARIANTS=before,current,jsonb_rows,no_offer_score_index,no_foreign_keys npx ts-node --transpile-only bench/match-writes.bench.ts
 *
 * The forum is the one bench/matching-retrieval.bench.ts seeds with the same BENCH_SEED (seed it
 * first with BENCH_ONLY=seed; BENCH_SEED is required here). Its offers and the first
 * BENCH_WRITE_NEEDS needs in topic order are scored once, exactly as rematch-batch scores them
 * (snapshot, batches of REMATCH_BATCH_SIZE), with the writer replaced by a recorder; the results are
 * kept in a file in the temporary directory for the next runs. Each variant gets a database cloned
 * from the forum (techbridge_bench_writes_<variant>), migrated, with its schema set. Scenarios, in
 * order, on every variant:
 *  1. offers, matches empty (what the bulk re-match bench measures): inserts only, into a table
 *     growing from empty, its statistics as autovacuum happens to leave them;
 *  2. needs on top: new rows and the need's flag set on pairs the offers wrote;
 *  3. offers again, nothing changed: nothing may be rewritten (checked: every row's xmin stays);
 *  4. offers again under another algorithm version (as a re-match after a new algorithm or
 *     taxonomy): every offer-kept row updated.
 * Before scenarios 2 to 4 the table is analysed, as it would be in a forum running for a while.
 * After each scenario the variants' match rows must be equal (checked).
 */
import 'reflect-metadata';
import { readFileSync, existsSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/database-options';
import { runMigrationsUnderLock } from '../src/database/run-migrations';
import { LiveCandidates } from '../src/modules/matching/live-candidates.service';
import { ListingToScore } from '../src/modules/matching/candidates.repository';
import { MatchWriter, ScoredPair } from '../src/modules/matching/match-writer.service';
import { ScoreListingService } from '../src/modules/matching/score-listing.service';
import { TaxonomyService } from '../src/modules/matching/taxonomy/taxonomy.service';
import { WorkerModule } from '../src/worker.module';
import { BENCH_SERVER_URL } from './support/bench-database';

/** Required: the forum is read by a worker context while recorded, so this bench never picks one by default. */
const FORUM_SEED = Number(process.env.BENCH_SEED);
const SOURCE = `techbridge_bench_matching${FORUM_SEED === 11 ? '' : `_s${FORUM_SEED}`}`;
const BATCH = Number(process.env.REMATCH_BATCH_SIZE ?? 100);
const NEEDS = Number(process.env.BENCH_WRITE_NEEDS ?? 2000);
const RECORDING = join(tmpdir(), `techbridge-match-writes-${SOURCE}-${BATCH}-${NEEDS}.json`);

type Results = { listing: ListingToScore; kept: ScoredPair[] }[];

interface Variant {
  name: string;
  /** Run on the variant's clone after the migrations: the schema it is measured with. */
  schema: string[];
  writer: (dataSource: DataSource) => { write(results: Results): Promise<void> };
}

/** The schema as it was before migrations 17965*: the change log's update trigger free to plan a nested loop. */
const SCHEMA_BEFORE = [`ALTER FUNCTION note_party_match_changes_of_updates() RESET enable_nestloop`];

const current = (dataSource: DataSource) => new MatchWriter(dataSource, { version: taxonomyVersion } as TaxonomyService);

/**
 * BENCH_VARIANTS picks (default: before,current). The others price one change each against
 * `current`, to decide what is worth doing; they are not what the service runs.
 */
const ALL_VARIANTS: Variant[] = [
  { name: 'before', schema: SCHEMA_BEFORE, writer: (dataSource) => new BaselineMatchWriter(dataSource, taxonomyVersion) },
  { name: 'current', schema: [], writer: current },
  // What ix_matches_offer_score costs the writes: within the noise (0-9 %), while the per-offer list
  // without it reads and sorts every row of the offer (887 rows, 168 ms, against 21 rows, 12 ms).
  { name: 'no_offer_score_index', schema: ['DROP INDEX ix_matches_offer_score'], writer: current },
  // The statements as they were on the current schema: what the writer's own changes are worth.
  { name: 'jsonb_rows', schema: [], writer: (dataSource) => new BaselineMatchWriter(dataSource, taxonomyVersion) },
  // What the two foreign keys to listings cost (each inserted row checks and key-share-locks both listings).
  {
    name: 'no_foreign_keys',
    schema: [
      `DO $$ DECLARE c record; BEGIN
         FOR c IN SELECT conname FROM pg_constraint WHERE conrelid = 'matches'::regclass AND contype = 'f' LOOP
           EXECUTE format('ALTER TABLE matches DROP CONSTRAINT %I', c.conname);
         END LOOP; END $$`,
    ],
    writer: current,
  },
];
const VARIANTS = (process.env.BENCH_VARIANTS ?? 'before,current').split(',').map((name) => {
  const variant = ALL_VARIANTS.find((v) => v.name === name);
  if (!variant) throw new Error(`BENCH_VARIANTS: no variant ${name} (${ALL_VARIANTS.map((v) => v.name).join(', ')})`);
  return variant;
});

let taxonomyVersion = '';

async function main(): Promise<void> {
  if (!Number.isInteger(FORUM_SEED)) throw new Error('set BENCH_SEED to the seed of a forum bench/matching-retrieval.bench.ts seeded (BENCH_ONLY=seed)');
  const recorded = await recording();
  taxonomyVersion = recorded.taxonomyVersion;
  const offerBatches = recorded.offers.map(revive);
  const needBatches = recorded.needs.map(revive);
  const rows = (batches: Results[]) => batches.reduce((sum, batch) => sum + batch.reduce((s, r) => s + r.kept.length, 0), 0);
  console.log(
    `match writes: ${SOURCE}, ${offerBatches.length} offer batches (${rows(offerBatches)} kept pairs) and ${needBatches.length} need batches (${rows(needBatches)}) of ${BATCH}; variants ${VARIANTS.map((v) => v.name).join(', ')}`,
  );

  const runs = [];
  for (const variant of VARIANTS) {
    const database = `techbridge_bench_writes_${variant.name}`;
    await cloneForum(database);
    const migrator = await new DataSource(buildDataSourceOptions(`${BENCH_SERVER_URL}/${database}`, 2)).initialize();
    await runMigrationsUnderLock(migrator);
    await migrator.destroy();
    // One connection, so one backend does (and is charged for) every write of this variant.
    const options = buildDataSourceOptions(`${BENCH_SERVER_URL}/${database}`, 1);
    const dataSource = await new DataSource({ ...options, extra: { ...options.extra, idleTimeoutMillis: 0 } } as typeof options).initialize();
    for (const statement of variant.schema) await dataSource.query(statement);
    await dataSource.query('TRUNCATE matches CASCADE');
    await dataSource.query('VACUUM ANALYZE listings');
    const [{ pid }] = await dataSource.query('SELECT pg_backend_pid() AS pid');
    runs.push({ variant, dataSource, pid: Number(pid), writer: variant.writer(dataSource) });
  }

  const otherVersion = (batches: Results[]): Results[] =>
    batches.map((batch) => batch.map(({ listing, kept }) => ({ listing, kept: kept.map((pair) => ({ ...pair, result: { ...pair.result, algorithmVersion: `${pair.result.algorithmVersion}-b` } })) })));
  const scenarios: { name: string; batches: Results[]; unchanged?: boolean }[] = [
    { name: '1. offers, matches empty', batches: offerBatches },
    { name: '2. needs on top of them', batches: needBatches },
    { name: '3. offers again, unchanged', batches: offerBatches, unchanged: true },
    { name: '4. offers again, another algorithm version', batches: otherVersion(offerBatches) },
  ];
  for (const [s, scenario] of scenarios.entries()) {
    if (s > 0) for (const run of runs) await run.dataSource.query('ANALYZE matches');
    const before = scenario.unchanged ? await Promise.all(runs.map((run) => rowVersions(run.dataSource))) : [];
    const cpu = runs.map(() => [] as number[]);
    const wall = runs.map(() => [] as number[]);
    for (const [i, batch] of scenario.batches.entries()) {
      const order = runs.map((_, r) => r);
      if (i % 2 === 1) order.reverse();
      for (const r of order) {
        const run = runs[r];
        const cpuBefore = backendCpuMs(run.pid);
        const started = performance.now();
        await run.writer.write(batch);
        wall[r].push(performance.now() - started);
        cpu[r].push(backendCpuMs(run.pid) - cpuBefore);
      }
    }
    const listings = scenario.batches.reduce((sum, batch) => sum + batch.length, 0);
    console.log(`\n${scenario.name}: ${scenario.batches.length} batches, ${listings} listings`);
    const baseline = cpu[0].reduce((s, x) => s + x, 0);
    for (const [r, run] of runs.entries()) {
      const total = cpu[r].reduce((s, x) => s + x, 0);
      console.log(
        `  ${run.variant.name.padEnd(10)} PostgreSQL CPU ${(total / listings).toFixed(2)} ms per listing (${total.toFixed(0)} ms, median ${median(cpu[r]).toFixed(0)} ms per batch${r > 0 ? `, ${((100 * total) / baseline).toFixed(0)} % of ${runs[0].variant.name}` : ''}); wall median ${median(wall[r]).toFixed(0)} ms per batch`,
      );
    }
    const contents = await Promise.all(runs.map((run) => matchContents(run.dataSource)));
    const differing = runs.filter((_, r) => contents[r] !== contents[0]).map((run) => run.variant.name);
    console.log(`  match rows: ${differing.length ? `DIFFER in ${differing.join(', ')}` : 'equal in every variant'}`);
    if (scenario.unchanged) {
      const after = await Promise.all(runs.map((run) => rowVersions(run.dataSource)));
      const rewrote = runs.filter((_, r) => after[r] !== before[r]).map((run) => run.variant.name);
      console.log(`  rows rewritten: ${rewrote.length ? `YES by ${rewrote.join(', ')}` : 'none, in every variant'}`);
    }
  }
  const sizes = await Promise.all(
    runs.map(async (run) => {
      const [{ tables, indexes }] = await run.dataSource.query(
        `SELECT pg_size_pretty(pg_table_size('matches')) AS tables, pg_size_pretty(pg_indexes_size('matches')) AS indexes`,
      );
      return `${run.variant.name} table ${tables}, indexes ${indexes}`;
    }),
  );
  console.log(`\nmatches: ${sizes.join('; ')}`);
  console.log(`(load average ${loadavg().map((x) => x.toFixed(1)).join(' ')})`);
  for (const run of runs) await run.dataSource.destroy();
}

/** The match rows' scoring content, one text (flags, scores, explanations, versions) to compare variants. */
async function matchContents(dataSource: DataSource): Promise<string> {
  const [{ digest }] = await dataSource.query(
    `SELECT md5(string_agg(concat_ws('|', offer_id, need_id, offer_party_id, need_party_id, sector, score, explanation::text, algorithm_version,
                                     taxonomy_version, offer_revision, need_revision, chosen_by_offer, chosen_by_need, status, version), ',' ORDER BY offer_id, need_id)) AS digest
       FROM matches`,
  );
  return digest;
}

/** Which row version each pair is at: unchanged when nothing was rewritten. */
async function rowVersions(dataSource: DataSource): Promise<string> {
  const [{ digest }] = await dataSource.query(`SELECT md5(string_agg(concat_ws('|', offer_id, need_id, xmin::text), ',' ORDER BY offer_id, need_id)) AS digest FROM matches`);
  return digest;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : NaN;
}

/** User + system CPU of one PostgreSQL backend so far (USER_HZ is 100 on Linux). */
export function backendCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export async function cloneForum(database: string): Promise<void> {
  const admin = new Client({ connectionString: `${BENCH_SERVER_URL}/postgres` });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${database}" TEMPLATE "${SOURCE}"`);
  } finally {
    await admin.end();
  }
}

interface Recorded {
  taxonomyVersion: string;
  offers: RecordedBatch[];
  needs: RecordedBatch[];
}
type RecordedSide = { id: string; partyId: string; revision: number };
type RecordedBatch = { listing: RecordedSide & { kind: 'offer' | 'need' }; kept: { offer: RecordedSide; need: RecordedSide; result: ScoredPair['result'] }[] }[];

/** What scoring passes the writer, as rematch-batch computes it, recorded once per forum. */
export async function recording(): Promise<Recorded> {
  if (!Number.isInteger(FORUM_SEED)) throw new Error('BENCH_SEED is required');
  if (existsSync(RECORDING)) return JSON.parse(readFileSync(RECORDING, 'utf8')) as Recorded;
  console.log(`scoring the forum's offers and ${NEEDS} needs once, writes recorded (kept in ${RECORDING})`);
  process.env.DATABASE_URL = `${BENCH_SERVER_URL}/${SOURCE}`;
  process.env.QUEUE_PREFIX = 'techbridge-bench-writes';
  process.env.LOG_LEVEL = 'silent';
  process.env.MIGRATIONS_RUN = 'false';
  const worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
  try {
    const dataSource = worker.get(DataSource);
    const side = (features: RecordedSide): RecordedSide => ({ id: features.id, partyId: features.partyId, revision: features.revision });
    let recorded: RecordedBatch = [];
    const writer = worker.get(MatchWriter);
    writer.write = async (results: Results) => {
      recorded = results.map(({ listing, kept }) => ({
        listing: { ...side(listing), kind: listing.kind as 'offer' | 'need' },
        kept: kept.map((pair) => ({ offer: side(pair.offer), need: side(pair.need), result: pair.result })),
      }));
    };
    const snapshot = await worker.get(LiveCandidates).forRematch();
    const scoring = worker.get(ScoreListingService);
    const batchesOf = async (sql: string): Promise<RecordedBatch[]> => {
      const ids: string[] = (await dataSource.query(sql)).map((row: { id: string }) => row.id);
      const batches: RecordedBatch[] = [];
      for (let start = 0; start < ids.length; start += BATCH) {
        await scoring.scoreBatch(ids.slice(start, start + BATCH), snapshot);
        batches.push(recorded);
      }
      return batches;
    };
    // Topic order, as a re-match queues listings.
    const topicOrder = `ORDER BY sector, concept_ids[1] NULLS LAST, id`;
    const result: Recorded = {
      taxonomyVersion: worker.get(TaxonomyService).version,
      offers: await batchesOf(`SELECT id FROM listings WHERE kind = 'offer' AND status = 'published' ${topicOrder}`),
      needs: await batchesOf(`SELECT id FROM (SELECT id, sector, concept_ids FROM listings WHERE kind = 'need' AND status = 'published' ${topicOrder} LIMIT ${NEEDS}) n ${topicOrder}`),
    };
    writeFileSync(RECORDING, JSON.stringify(result));
    return result;
  } finally {
    await worker.close();
  }
}

export function revive(batch: RecordedBatch): Results {
  return batch.map(({ listing, kept }) => ({ listing: listing as unknown as ListingToScore, kept: kept as unknown as ScoredPair[] }));
}

/**
 * MatchWriter.write as it was before this bench (commit 39eaaa1): rows as one jsonb document
 * taken apart by jsonb_to_recordset. Kept here as the baseline the current writer is measured against.
 */
export class BaselineMatchWriter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly taxonomyVersion: string,
  ) {}

  async write(results: Results): Promise<void> {
    if (results.length === 0) return;
    const pairs = new Map<string, ScoredPair & { byOffer: boolean; byNeed: boolean }>();
    for (const { listing, kept } of results) {
      for (const pair of kept) {
        const key = `${pair.offer.id}${pair.need.id}`;
        const row = pairs.get(key) ?? { ...pair, byOffer: false, byNeed: false };
        if (listing.kind === 'offer') row.byOffer = true;
        else row.byNeed = true;
        pairs.set(key, row);
      }
    }
    const ordered = [...pairs].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([, row]) => row);
    const keptBy = (kind: 'offer' | 'need') => {
      const listingIds = results.filter((r) => r.listing.kind === kind).map((r) => r.listing.id);
      const kept = results.filter((r) => r.listing.kind === kind).flatMap((r) => r.kept);
      return { listingIds, offerIds: kept.map((pair) => pair.offer.id), needIds: kept.map((pair) => pair.need.id) };
    };
    const byOffers = keptBy('offer');
    const byNeeds = keptBy('need');
    await this.dataSource.transaction(async (manager) => {
      await manager.query('SET LOCAL synchronous_commit = off');
      await this.clearChoicesOfMany(manager, 'offer', byOffers);
      await this.clearChoicesOfMany(manager, 'need', byNeeds);
      await this.upsertBatchMatches(manager, ordered);
      await manager.query(
        `UPDATE listings l SET scored_revision = v.revision
           FROM unnest($1::uuid[], $2::int[]) AS v(id, revision)
          WHERE l.id = v.id AND (l.scored_revision IS NULL OR l.scored_revision < v.revision)`,
        [results.map((r) => r.listing.id), results.map((r) => r.listing.revision)],
      );
    });
  }

  private async clearChoicesOfMany(manager: EntityManager, kind: 'offer' | 'need', kept: { listingIds: string[]; offerIds: string[]; needIds: string[] }): Promise<void> {
    if (kept.listingIds.length === 0) return;
    const [column, flag] = kind === 'offer' ? ['offer_id', 'chosen_by_offer'] : ['need_id', 'chosen_by_need'];
    await manager.query(
      `UPDATE matches m SET ${flag} = false
        WHERE m.${column} = ANY($1::uuid[]) AND m.${flag}
          AND NOT EXISTS (SELECT 1 FROM unnest($2::uuid[], $3::uuid[]) AS k(offer_id, need_id) WHERE k.offer_id = m.offer_id AND k.need_id = m.need_id)`,
      [kept.listingIds, kept.offerIds, kept.needIds],
    );
  }

  private async upsertBatchMatches(manager: EntityManager, pairs: (ScoredPair & { byOffer: boolean; byNeed: boolean })[]): Promise<void> {
    if (pairs.length === 0) return;
    const rows = pairs.map(({ offer, need, result, byOffer, byNeed }) => ({
      offer_id: offer.id,
      need_id: need.id,
      offer_party_id: offer.partyId,
      need_party_id: need.partyId,
      sector: result.sector,
      score: result.score,
      explanation: {
        factors: result.factors.map(({ name, weight, value, contribution }) => ({ name, weight, value, contribution })),
        sharedConceptIds: result.sharedConceptIds,
        sharedFieldIds: result.sharedFieldIds,
      },
      algorithm_version: result.algorithmVersion,
      taxonomy_version: this.taxonomyVersion,
      offer_revision: offer.revision,
      need_revision: need.revision,
      by_offer: byOffer,
      by_need: byNeed,
    }));
    await manager.query(
      `INSERT INTO matches (offer_id, need_id, offer_party_id, need_party_id, sector, score, explanation, algorithm_version,
                            taxonomy_version, offer_revision, need_revision, chosen_by_offer, chosen_by_need)
       SELECT r.offer_id, r.need_id, r.offer_party_id, r.need_party_id, r.sector, r.score, r.explanation, r.algorithm_version,
              r.taxonomy_version, r.offer_revision, r.need_revision, r.by_offer, r.by_need
         FROM jsonb_to_recordset($1::jsonb) AS r(offer_id uuid, need_id uuid, offer_party_id uuid, need_party_id uuid, sector varchar,
              score real, explanation jsonb, algorithm_version varchar, taxonomy_version varchar, offer_revision int, need_revision int,
              by_offer boolean, by_need boolean)
       ON CONFLICT (offer_id, need_id) DO UPDATE SET
              score = EXCLUDED.score, explanation = EXCLUDED.explanation, sector = EXCLUDED.sector,
              algorithm_version = EXCLUDED.algorithm_version, taxonomy_version = EXCLUDED.taxonomy_version,
              offer_revision = EXCLUDED.offer_revision, need_revision = EXCLUDED.need_revision,
              chosen_by_offer = matches.chosen_by_offer OR EXCLUDED.chosen_by_offer,
              chosen_by_need = matches.chosen_by_need OR EXCLUDED.chosen_by_need, updated_at = now()
        WHERE (EXCLUDED.chosen_by_offer AND matches.chosen_by_offer IS NOT TRUE) OR (EXCLUDED.chosen_by_need AND matches.chosen_by_need IS NOT TRUE)
           OR matches.score IS DISTINCT FROM EXCLUDED.score
           OR matches.algorithm_version IS DISTINCT FROM EXCLUDED.algorithm_version
           OR matches.taxonomy_version IS DISTINCT FROM EXCLUDED.taxonomy_version
           OR matches.offer_revision IS DISTINCT FROM EXCLUDED.offer_revision OR matches.need_revision IS DISTINCT FROM EXCLUDED.need_revision`,
      [JSON.stringify(rows)],
    );
  }
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
