import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CandidatesRepository, ListingToScore } from '../../src/modules/matching/candidates.repository';
import { LiveCandidates, LiveState } from '../../src/modules/matching/live-candidates.service';
import { ScoreListingService } from '../../src/modules/matching/score-listing.service';
import { startEmptiedWorker } from './support/emptied-worker';
import { seedSyntheticForum } from './support/synthetic-forum';

const LIMIT = 500;

/**
 * The worker's live copy of every published listing must answer exactly as PostgreSQL does now:
 * after it is built, and after every kind of change another process commits, including one
 * committed while the copy was catching up.
 */
describe('live candidates', () => {
  let worker: INestApplicationContext;
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let live: LiveCandidates;
  let repository: CandidatesRepository;

  const publishedIds = async (): Promise<string[]> => (await dataSource.query(`SELECT id FROM listings WHERE status = 'published' ORDER BY id`)).map((row: { id: string }) => row.id);

  /** Every published listing of the sample asks both for its candidates; they must agree. */
  async function expectSameAsSql(state: LiveState, listingIds: string[]): Promise<void> {
    const unique = [...new Set(listingIds)];
    const listings: ListingToScore[] = await repository.findFeaturesToScore(unique);
    expect(listings.length).toBe(unique.length);
    for (const listing of listings) {
      const fromSql = await repository.findCandidateRefs(listing, LIMIT, state.features.context.conceptIdf);
      expect({ id: listing.id, refs: state.index.findCandidateRefs(listing, LIMIT, state.features.context.conceptIdf) }).toEqual({ id: listing.id, refs: fromSql });
    }
  }

  /** A copy of a published listing under a new id (another party's when given), published now. */
  async function copyListing(sourceId: string, partyId?: string): Promise<string> {
    const [{ id }] = await dataSource.query(
      `INSERT INTO listings
       SELECT (jsonb_populate_record(NULL::listings, to_jsonb(l) || jsonb_build_object('id', gen_random_uuid(), 'party_id', coalesce($2::uuid, l.party_id), 'published_at', now()))).*
         FROM listings l WHERE l.id = $1
       RETURNING id`,
      [sourceId, partyId ?? null],
    );
    return id;
  }

  beforeAll(async () => {
    // Built by the test, not at start: the seeding below comes first.
    process.env.MATCH_LIVE_INDEX = 'false';
    ({ worker, dataSource, close } = await startEmptiedWorker());
    live = worker.get(LiveCandidates);
    repository = worker.get(CandidatesRepository);
    await seedSyntheticForum(dataSource, { offers: 300, needs: 300, parties: 60, seed: 71 });
  }, 120_000);

  afterAll(async () => {
    delete process.env.MATCH_LIVE_INDEX;
    await close();
  });

  it('holds every published listing, prepared, and finds what the SQL finds', async () => {
    expect(await live.current()).toBeNull();
    const state = await live.ready();
    const published = await publishedIds();
    expect(state.index.size).toBe(published.length);
    expect(state.features.size).toBe(published.length);
    await expectSameAsSql(state, published.filter((_, i) => i % 10 === 0));
  });

  it('catches up with listings published, changed, moved, withdrawn and deleted by another process', async () => {
    const published = await publishedIds();
    const [parent] = await dataSource.query(`SELECT id FROM parties ORDER BY id LIMIT 1`);
    const added = await copyListing(published[1], parent.id);
    await dataSource.query(`UPDATE listings SET concept_ids = concept_ids[1:1], field_ids = '{}', revision = revision + 1 WHERE id = $1`, [published[2]]);
    await dataSource.query(`UPDATE listings SET party_country = 'VN', revision = revision + 1 WHERE id = $1`, [published[3]]);
    await dataSource.query(`UPDATE listings SET status = 'withdrawn' WHERE id = $1`, [published[4]]);
    await dataSource.query(`DELETE FROM listings WHERE id = $1`, [published[5]]);
    await dataSource.query(`UPDATE listings SET trl = 1, min_trl = 9, transfer_modes = '{consulting}', revision = revision + 1 WHERE id = $1`, [published[6]]);

    const state = (await live.current())!;
    const now = await publishedIds();
    expect(state.index.size).toBe(now.length);
    expect(state.features.get(added, 1)).toBeDefined();
    expect(state.features.get(published[4], 1)).toBeUndefined();
    expect(state.features.get(published[5], 1)).toBeUndefined();
    const [{ revision }] = await dataSource.query(`SELECT revision FROM listings WHERE id = $1`, [published[2]]);
    expect(state.features.get(published[2], revision)?.features.conceptIds).toHaveLength(1);
    // Every listing asks again: each change could move any of them.
    await expectSameAsSql(state, now.filter((_, i) => i % 5 === 0).concat(added, published[2], published[3], published[6]));
  });

  it('sees a change committed while it caught up on the next call, never half of it', async () => {
    const published = await publishedIds();
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query(`UPDATE listings SET status = 'withdrawn' WHERE id = $1`, [published[10]]);
      const before = (await live.current())!;
      // Not committed yet: the copy still holds the listing.
      expect(before.index.size).toBe(published.length);
      expect(before.features.get(published[10], 1)).toBeDefined();
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    const after = (await live.current())!;
    expect(after.index.size).toBe(published.length - 1);
    expect(after.features.get(published[10], 1)).toBeUndefined();
    await expectSameAsSql(after, (await publishedIds()).filter((_, i) => i % 7 === 0));
  });

  it('logs nothing for the updates scoring itself makes, nor for listings never published', async () => {
    const [{ before }] = await dataSource.query(`SELECT count(*)::int AS before FROM match_profile_changes`);
    await dataSource.query(`UPDATE listings SET scored_revision = revision WHERE status = 'published'`);
    await dataSource.query(`UPDATE listings SET title = title || ' (draft)', revision = revision + 1 WHERE status = 'withdrawn'`);
    const [{ after }] = await dataSource.query(`SELECT count(*)::int AS after FROM match_profile_changes`);
    expect(after).toBe(before);
  });

  it('scores a listing from the copy with the same results as from SQL', async () => {
    const scoring = worker.get(ScoreListingService);
    const state = (await live.current())!;
    const listings = await repository.findFeaturesToScore((await publishedIds()).filter((_, i) => i % 15 === 0));
    for (const listing of listings) {
      const fromCopy = await scoring.rankFromSnapshot(listing, state);
      const fromSql = await scoring.rankFromSql(listing);
      expect(fromCopy.kept.map((pair) => [pair.offer.id, pair.need.id, pair.result])).toEqual(fromSql.kept.map((pair) => [pair.offer.id, pair.need.id, pair.result]));
    }
  });
});
