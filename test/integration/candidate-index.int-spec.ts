import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/database-options';
import { CandidateFeatures, CandidatesRepository } from '../../src/modules/matching/candidates.repository';
import { DocumentFrequenciesService } from '../../src/modules/matching/document-frequencies.service';
import { CandidateIndex, conceptWeightTiers, normalizedOverlap } from '../../src/modules/matching/scoring/candidate-index';
import { truncateAllTables } from '../helpers/database';
import { TEST_DATABASE_URL } from '../helpers/test-env';
import { seedSyntheticForum } from './support/synthetic-forum';

/**
 * The in-memory index must return exactly what the SQL candidate query returns (same refs, same
 * order), or a re-match would rank differently from a listing's own scoring job.
 */
describe('CandidateIndex against the SQL candidate query', () => {
  let dataSource: DataSource;
  let repository: CandidatesRepository;
  let index: CandidateIndex;
  let conceptIdf: (conceptId: number) => number;
  let sample: CandidateFeatures[];

  beforeAll(async () => {
    dataSource = await new DataSource(buildDataSourceOptions(TEST_DATABASE_URL, 2)).initialize();
    await truncateAllTables(dataSource);
    await seedSyntheticForum(dataSource, { offers: 1500, needs: 2500, parties: 300, seed: 31 });
    repository = new CandidatesRepository(dataSource);
    index = new CandidateIndex(await repository.findAllProfiles());
    conceptIdf = (await new DocumentFrequenciesService(dataSource).current()).conceptIdf;
    // Every 20th listing of each kind: both directions of the gates, popular topics and the long tail.
    // Ordered by generated content, not by the random ids, so that the same seed gives the same sample.
    const ids: { id: string }[] = await dataSource.query(
      `SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY kind ORDER BY title, description, id) AS n FROM listings) s WHERE n % 20 = 0`,
    );
    sample = await repository.findFeaturesByIds(ids.map((row) => row.id), { withTerms: false });
  }, 180_000);

  afterAll(async () => {
    await truncateAllTables(dataSource);
    await dataSource.destroy();
  });

  it('holds every published listing and gets a sample of both kinds', async () => {
    expect(index.size).toBe(4000);
    expect(sample.filter((listing) => listing.kind === 'offer').length).toBe(75);
    expect(sample.filter((listing) => listing.kind === 'need').length).toBe(125);
  });

  it.each([500, 40])('returns the same candidates in the same order, limit %i', async (limit) => {
    let cutAtLimit = 0;
    let filledByField = 0;
    for (const listing of sample) {
      const sql = await repository.findCandidateRefs(listing, limit, conceptIdf);
      expect({ listing: listing.id, refs: index.findCandidateRefs(listing, limit, conceptIdf) }).toEqual({ listing: listing.id, refs: sql });
      const { sql: conceptSql, parameters } = repository.candidateQuery(listing, limit, 'concepts', conceptIdf);
      const byConcept = listing.conceptIds.length ? (await dataSource.query(conceptSql, parameters)).length : 0;
      if (byConcept === limit) cutAtLimit++;
      if (sql.length > byConcept) filledByField++;
    }
    // The comparison covers both cuts where the tie-break decides (at the limit) and the field fill-up.
    if (limit === 40) expect(cutAtLimit).toBeGreaterThan(50);
    expect(filledByField).toBeGreaterThan(10);
  });

  it('ranks by overlap relative to the candidate\'s concepts, so some candidates overtake others sharing more', async () => {
    let overtaken = 0;
    for (const listing of sample.filter((listing) => listing.conceptIds.length > 1)) {
      const refs = index.findCandidateRefs(listing, 40, conceptIdf);
      const candidates = new Map((await repository.findFeaturesByIds(refs.map((ref) => ref.id), { withTerms: false })).map((c) => [c.id, c]));
      const tiers = conceptWeightTiers(listing.conceptIds, conceptIdf);
      const overlaps = refs.map(({ id }) => tiers.reduce((sum, tier) => sum + tier.weight * tier.conceptIds.filter((conceptId) => candidates.get(id)!.conceptIds.includes(conceptId)).length, 0));
      const keys = refs.map(({ id }, i) => normalizedOverlap(overlaps[i], candidates.get(id)!.conceptIds.length));
      expect(keys.filter((key, i) => overlaps[i] > 0)).toEqual(keys.filter((key, i) => overlaps[i] > 0).sort((a, b) => b - a));
      if (overlaps.some((overlap, i) => overlaps.slice(0, i).some((before) => before < overlap))) overtaken++;
    }
    expect(overtaken).toBeGreaterThan(50);
  });

  it('agrees for a listing without concepts (fields alone) and one with an unknown party and country', async () => {
    const [listing] = sample;
    for (const variant of [
      { ...listing, conceptIds: [] },
      { ...listing, partyId: '00000000-0000-4000-8000-000000000009', partyCountry: 'LA', targetCountries: ['LA', 'CN'] },
    ]) {
      expect(index.findCandidateRefs(variant, 100, conceptIdf)).toEqual(await repository.findCandidateRefs(variant, 100, conceptIdf));
    }
  });
});
