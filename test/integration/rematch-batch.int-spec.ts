import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { LiveCandidates } from '../../src/modules/matching/live-candidates.service';
import { ScoreListingService } from '../../src/modules/matching/score-listing.service';
import { TaxonomyService } from '../../src/modules/matching/taxonomy/taxonomy.service';
import { AppConfig } from '../../src/config/app-config.service';
import { JobIds } from '../../src/queue/job-ids';
import { JobName } from '../../src/queue/queue-names';
import { eventually, waitForQueuesIdle } from '../helpers/test-app';
import { startEmptiedWorker } from './support/emptied-worker';
import { seedSyntheticForum } from './support/synthetic-forum';

interface MatchRow {
  offer_id: string;
  need_id: string;
  score: number;
  sector: string;
  explanation: unknown;
  chosen_by_offer: boolean;
  chosen_by_need: boolean;
  algorithm_version: string;
  taxonomy_version: string;
  offer_revision: number;
  need_revision: number;
}

const MATCH_COLUMNS = `offer_id, need_id, score, sector, explanation, chosen_by_offer, chosen_by_need, algorithm_version, taxonomy_version, offer_revision, need_revision`;

/**
 * A full re-match through batch jobs (in-memory candidate index, set-based writes) must leave
 * exactly the matches one scoring job per listing leaves: same pairs, scores, flags, explanations.
 */
describe('re-match in batches', () => {
  let worker: INestApplicationContext;
  let dataSource: DataSource;
  let queue: Queue;
  let close: () => Promise<void>;
  let scoring: ScoreListingService;
  let published: string[];
  let byBatches: MatchRow[];
  const staleTaxonomy: string[] = [];

  const matches = async (): Promise<MatchRow[]> => dataSource.query(`SELECT ${MATCH_COLUMNS} FROM matches ORDER BY offer_id, need_id`);

  beforeAll(async () => {
    process.env.REMATCH_BATCH_SIZE = '300';
    ({ worker, dataSource, queue, close } = await startEmptiedWorker());
    scoring = worker.get(ScoreListingService);
    await seedSyntheticForum(dataSource, { offers: 1000, needs: 1000, parties: 200, seed: 53 });
    // Withdrawn listings are neither queued nor candidates; listings analysed with an old taxonomy are analysed again first.
    await dataSource.query(`UPDATE listings SET status = 'withdrawn' WHERE id IN (SELECT id FROM listings ORDER BY id LIMIT 10)`);
    const stale: { id: string }[] = await dataSource.query(
      `WITH s AS (UPDATE listings SET taxonomy_version = 'tax-old' WHERE id IN (SELECT id FROM listings WHERE status = 'published' ORDER BY id DESC LIMIT 15) RETURNING id) SELECT id FROM s`,
    );
    staleTaxonomy.push(...stale.map((row) => row.id));
    published = (await dataSource.query(`SELECT id FROM listings WHERE status = 'published' ORDER BY id`)).map((row: { id: string }) => row.id);
  }, 180_000);

  afterAll(async () => {
    delete process.env.REMATCH_BATCH_SIZE;
    await close();
  });

  it('fans a re-match out into batch jobs that score every published listing', async () => {
    const rematchId = `rematch-${randomUUID()}`;
    await queue.add(JobName.RematchAll, { requestedBy: null }, { jobId: rematchId });
    const fanOut = await eventually(async () => ((await queue.getJobState(rematchId)) === 'completed' ? queue.getJob(rematchId) : null), 30_000);
    expect(fanOut!.returnvalue).toMatchObject({ queued: published.length, batches: Math.ceil(published.length / 300) });
    expect(fanOut!.progress).toMatchObject({ queued: published.length, total: published.length, percent: 100 });
    await waitForQueuesIdle([queue], 120_000);
    const lastBatch = await queue.getJob(JobIds.rematchBatch(rematchId, Math.ceil(published.length / 300) - 1));
    expect(await lastBatch!.getState()).toBe('completed');
    const batchResults = await Promise.all(
      Array.from({ length: Math.ceil(published.length / 300) }, async (_, batch) => (await queue.getJob(JobIds.rematchBatch(rematchId, batch)))!.returnvalue),
    );
    expect(batchResults.reduce((sum, result) => sum + result.scored, 0)).toBe(published.length);

    const [{ current }] = await dataSource.query(`SELECT count(*)::int AS current FROM listings WHERE id = ANY($1::uuid[]) AND taxonomy_version = $2`, [
      staleTaxonomy,
      worker.get(TaxonomyService).version,
    ]);
    expect(current).toBe(staleTaxonomy.length);
    byBatches = await matches();
    expect(byBatches.length).toBeGreaterThan(5000);
    expect(byBatches.filter((row) => row.chosen_by_offer && row.chosen_by_need).length).toBeGreaterThan(100);
    expect(byBatches.filter((row) => row.chosen_by_offer !== row.chosen_by_need).length).toBeGreaterThan(100);
  }, 180_000);

  it('leaves exactly the matches one scoring job per listing leaves', async () => {
    await dataSource.query('TRUNCATE matches CASCADE');
    for (const id of published) await scoring.score(id);
    const oneByOne = await matches();
    expect(oneByOne.length).toBe(byBatches.length);
    expect(byBatches).toEqual(oneByOne);
  }, 180_000);

  it('run again, rewrites only the rows whose flags differ and never a human column', async () => {
    // The worker announces the matches the last test wrote in the background, and each announcement
    // rewrites its row: the row versions below are taken once it has announced them all.
    const minScore = worker.get(AppConfig).notifications.newMatchMinScore;
    await eventually(async () => {
      const [{ due }] = await dataSource.query(
        `SELECT count(*)::int AS due FROM matches WHERE announced_at IS NULL AND (chosen_by_offer OR chosen_by_need) AND score >= $1`,
        [minScore],
      );
      return due === 0;
    }, 60_000, 'every new match announced');
    // One pair its offer keeps, unflagged by hand; one pair its need does not keep, flagged by hand: the re-run puts both right.
    const [kept] = await dataSource.query(
      `WITH u AS (UPDATE matches SET chosen_by_offer = false, status = 'approved', review_note = 'keep me'
                   WHERE id = (SELECT id FROM matches WHERE chosen_by_offer ORDER BY offer_id, need_id LIMIT 1) RETURNING offer_id, need_id) SELECT * FROM u`,
    );
    const [unkept] = await dataSource.query(
      `WITH u AS (UPDATE matches SET chosen_by_need = true
                   WHERE id = (SELECT id FROM matches WHERE NOT chosen_by_need AND NOT (offer_id = $1 AND need_id = $2) ORDER BY offer_id, need_id LIMIT 1) RETURNING offer_id, need_id) SELECT * FROM u`,
      [kept.offer_id, kept.need_id],
    );
    const before: { offer_id: string; need_id: string; xmin: string }[] = await dataSource.query(`SELECT offer_id, need_id, xmin::text FROM matches`);

    // Listings analysed with an older taxonomy stay out of the snapshot: their batch analyses them again first. These
    // five offers are candidates of a need that keeps them, so some batch reads them.
    const stale: { id: string }[] = await dataSource.query(
      `WITH s AS (UPDATE listings SET taxonomy_version = 'tax-old'
                   WHERE id IN (SELECT DISTINCT offer_id FROM matches WHERE chosen_by_need ORDER BY offer_id LIMIT 5) RETURNING id) SELECT id FROM s`,
    );
    expect(stale).toHaveLength(5);
    const snapshot = await worker.get(LiveCandidates).forRematch();
    expect(snapshot.features.size).toBe(published.length - stale.length);
    const withdrawn: { id: string }[] = await dataSource.query(`SELECT id FROM listings WHERE status = 'withdrawn' LIMIT 2`);
    let skipped = 0;
    let fetched = 0;
    for (let start = 0; start < published.length; start += 500) {
      const ids = published.slice(start, start + 500);
      const result = await scoring.scoreBatch(start === 0 ? [...ids, ...withdrawn.map((row) => row.id)] : ids, snapshot);
      skipped += result.skipped;
      fetched += result.fetched;
    }
    expect(skipped).toBe(2);
    // Every other candidate came prepared from the worker's live copy: the batches read only the listings they
    // scored and the stale ones (until, analysed again, they may join it).
    expect(fetched).toBeGreaterThan(0);
    expect(fetched).toBeLessThanOrEqual(stale.length * Math.ceil(published.length / 500));
    expect(snapshot.features.size).toBeGreaterThanOrEqual(published.length - stale.length);
    expect(snapshot.features.size).toBeLessThanOrEqual(published.length);

    expect(await matches()).toEqual(byBatches);
    const after = new Map((await dataSource.query(`SELECT offer_id, need_id, xmin::text FROM matches`)).map((row: { offer_id: string; need_id: string; xmin: string }) => [`${row.offer_id}/${row.need_id}`, row.xmin]));
    const rewritten = before.filter((row) => after.get(`${row.offer_id}/${row.need_id}`) !== row.xmin).map((row) => `${row.offer_id}/${row.need_id}`);
    expect(rewritten.sort()).toEqual([`${kept.offer_id}/${kept.need_id}`, `${unkept.offer_id}/${unkept.need_id}`].sort());
    const [human] = await dataSource.query(`SELECT status, review_note FROM matches WHERE offer_id = $1 AND need_id = $2`, [kept.offer_id, kept.need_id]);
    expect(human).toEqual({ status: 'approved', review_note: 'keep me' });
  }, 180_000);
});
