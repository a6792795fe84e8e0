import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/database-options';
import { ListingToScore } from '../../src/modules/matching/candidates.repository';
import { MatchWriter, ScoredPair } from '../../src/modules/matching/match-writer.service';
import { MatchScore } from '../../src/modules/matching/scoring/match-score';
import { TaxonomyService } from '../../src/modules/matching/taxonomy/taxonomy.service';
import { insertParty } from '../factories/sessions';
import { closeEmptiedTestDatabase, openEmptyTestDatabase } from '../helpers/database';
import { TEST_DATABASE_URL } from '../helpers/test-env';

interface Side {
  id: string;
  partyId: string;
  revision: number;
  kind: 'offer' | 'need';
}

interface StoredRow {
  offer_id: string;
  need_id: string;
  offer_party_id: string;
  need_party_id: string;
  sector: string;
  score: number;
  explanation: unknown;
  algorithm_version: string;
  taxonomy_version: string;
  offer_revision: number;
  need_revision: number;
  chosen_by_offer: boolean;
  chosen_by_need: boolean;
  status: string;
  review_note: string | null;
  version: number;
  xmin: string;
}

/**
 * MatchWriter alone, on hand-made scoring results: what it stores (typed arrays in, the same
 * columns out), whose flags it touches, what it leaves alone, and the change log's update trigger
 * planned so that a large re-score does not compare every old row with every new one.
 */
describe('MatchWriter', () => {
  let dataSource: DataSource;
  /** One connection: the writer's statements and the change log's cached trigger plans share a session, as in a worker. */
  let writerDataSource: DataSource;
  let writer: MatchWriter;
  const offers: Side[] = [];
  const needs: Side[] = [];

  const result = (score: number, overrides: Partial<MatchScore> = {}): MatchScore => ({
    score,
    algorithmVersion: 'algo-1',
    sector: 'health',
    factors: [
      { name: 'concepts', weight: 0.5, value: score, rawValue: 1, contribution: score / 2 },
      { name: 'geography', weight: 0.5, value: score, rawValue: 1, contribution: score / 2 },
    ],
    sharedConceptIds: [3, 1, 2],
    sharedFieldIds: [10, 20],
    ...overrides,
  });
  const pair = (offer: Side, need: Side, score: number, overrides: Partial<MatchScore> = {}): ScoredPair =>
    ({ offer, need, result: result(score, overrides) }) as unknown as ScoredPair;
  const run = (listing: Side, kept: ScoredPair[]) => ({ listing: { ...listing, status: 'published' } as unknown as ListingToScore, kept });
  const rows = async (): Promise<StoredRow[]> =>
    dataSource.query(
      `SELECT offer_id, need_id, offer_party_id, need_party_id, sector, score, explanation, algorithm_version, taxonomy_version, offer_revision,
              need_revision, chosen_by_offer, chosen_by_need, status, review_note, version, xmin::text AS xmin
         FROM matches ORDER BY offer_id, need_id`,
    );
  const row = async (offer: Side, need: Side) => (await rows()).find((r) => r.offer_id === offer.id && r.need_id === need.id);

  beforeAll(async () => {
    dataSource = await openEmptyTestDatabase();
    writerDataSource = await new DataSource(buildDataSourceOptions(TEST_DATABASE_URL, 1)).initialize();
    writer = new MatchWriter(writerDataSource, { version: 'tax-1' } as TaxonomyService);
    const offerParty = await insertParty(dataSource, { country: 'CN' });
    const needParty = await insertParty(dataSource, { country: 'TH' });
    for (const [kind, partyId, list, count] of [['offer', offerParty, offers, 30], ['need', needParty, needs, 30]] as const) {
      const inserted: { id: string; revision: number }[] = await dataSource.query(
        `INSERT INTO listings (kind, party_id, party_country, party_region, status, title, description, language, detected_language, sector, taxonomy_version, published_at)
         SELECT $1, p.id, p.country, p.region, 'published', 'listing ' || i, 'a listing for the writer test', 'en', 'en', 'health', 'tax-1', now()
           FROM parties p, generate_series(1, $3::int) AS i WHERE p.id = $2
         RETURNING id, revision`,
        [kind, partyId, count],
      );
      list.push(...inserted.map(({ id, revision }) => ({ id, partyId, revision, kind })));
    }
  });

  afterAll(async () => {
    await writerDataSource.destroy();
    await closeEmptiedTestDatabase(dataSource);
  });

  it('stores what scoring kept, a pair kept by both sides in one batch as one row with both flags', async () => {
    const [o1, o2] = offers;
    const [n1, n2] = needs;
    await writer.write([run(o1, [pair(o1, n1, 0.8), pair(o1, n2, 0.5)]), run(n1, [pair(o1, n1, 0.8), pair(o2, n1, 0.4)])]);

    const stored = await rows();
    expect(stored).toHaveLength(3);
    expect(await row(o1, n1)).toMatchObject({ chosen_by_offer: true, chosen_by_need: true });
    expect(await row(o1, n2)).toMatchObject({ chosen_by_offer: true, chosen_by_need: false });
    expect(await row(o2, n1)).toMatchObject({ chosen_by_offer: false, chosen_by_need: true });
    expect(await row(o1, n2)).toMatchObject({
      offer_party_id: o1.partyId,
      need_party_id: n2.partyId,
      sector: 'health',
      score: 0.5,
      algorithm_version: 'algo-1',
      taxonomy_version: 'tax-1',
      offer_revision: o1.revision,
      need_revision: n2.revision,
      status: 'proposed',
      // Each factor without its rawValue, in the order scoring gave them.
      explanation: {
        factors: [
          { name: 'concepts', weight: 0.5, value: 0.5, contribution: 0.25 },
          { name: 'geography', weight: 0.5, value: 0.5, contribution: 0.25 },
        ],
        sharedConceptIds: [3, 1, 2],
        sharedFieldIds: [10, 20],
      },
    });
    const [{ listings }] = await dataSource.query(`SELECT count(*)::int AS listings FROM listings WHERE id = ANY($1::uuid[]) AND scored_revision = revision`, [[o1.id, n1.id]]);
    expect(listings).toBe(2);
  });

  it('clears only the listing’s own flag, never writes a human column, and leaves unchanged pairs as they are', async () => {
    const [o1, o2] = offers;
    const [n1, n2] = needs;
    await dataSource.query(`UPDATE matches SET status = 'approved', review_note = 'keep', version = version + 1 WHERE offer_id = $1 AND need_id = $2`, [o1.id, n1.id]);
    const before = await rows();

    // o1 no longer keeps n1 and keeps n2 as it was.
    await writer.write([run(o1, [pair(o1, n2, 0.5)])]);

    const after = await rows();
    expect(await row(o1, n1)).toMatchObject({ chosen_by_offer: false, chosen_by_need: true, status: 'approved', review_note: 'keep', version: 2, score: 0.8 });
    const unchanged = (r: StoredRow) => r.offer_id !== o1.id || r.need_id !== n1.id;
    expect(after.filter(unchanged)).toEqual(before.filter(unchanged));
    expect((await row(o2, n1))!.xmin).toBe(before.find((r) => r.offer_id === o2.id && r.need_id === n1.id)!.xmin);
  });

  it('rewrites a pair whose score or versions changed, keeping the other side’s flag', async () => {
    const [o1] = offers;
    const [n1, n2] = needs;
    await writer.write([run(o1, [pair(o1, n2, 0.55, { algorithmVersion: 'algo-2' })]), run(n1, [pair(o1, n1, 0.8)])]);
    expect(await row(o1, n2)).toMatchObject({ score: 0.55, algorithm_version: 'algo-2', chosen_by_offer: true, chosen_by_need: false });
    expect(await row(o1, n1)).toMatchObject({ chosen_by_offer: false, chosen_by_need: true, status: 'approved' });
  });

  it('logs each party whose lists a large re-score changed, with the update trigger planned without a nested loop', async () => {
    await dataSource.query('TRUNCATE matches, party_match_changes CASCADE');
    const all = offers.flatMap((offer) => needs.slice(0, 20).map((need) => ({ offer, need })));
    const batch = (version: string) => offers.map((offer) => run(offer, all.filter((p) => p.offer === offer).map((p) => pair(p.offer, p.need, 0.6, { algorithmVersion: version }))));
    // The session's first UPDATE of matches (the flag clearing) sees no row; the re-score after it updates 600.
    await writer.write(batch('algo-1'));
    await dataSource.query('TRUNCATE party_match_changes');
    await writer.write(batch('algo-2'));

    const [{ updated }] = await dataSource.query(`SELECT count(*)::int AS updated FROM matches WHERE algorithm_version = 'algo-2'`);
    expect(updated).toBe(600);
    const logged: { party_id: string }[] = await dataSource.query('SELECT party_id FROM party_match_changes ORDER BY party_id');
    expect(logged.map((r) => r.party_id)).toEqual([offers[0].partyId, needs[0].partyId].sort());
    const [{ config }] = await dataSource.query(`SELECT proconfig AS config FROM pg_proc WHERE proname = 'note_party_match_changes_of_updates'`);
    expect(config).toEqual(['enable_nestloop=off']);
  });
});
