import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/database-options';
import { CandidatesRepository } from '../../src/modules/matching/candidates.repository';
import { normalizedOverlap } from '../../src/modules/matching/scoring/candidate-index';
import { truncateAllTables } from '../helpers/database';
import { TEST_DATABASE_URL } from '../helpers/test-env';

/**
 * The matcher must find candidates through its indexes, never by reading every listing. A table
 * big enough for the planner to prefer an index (20,000 needs, skewed concepts) and EXPLAIN say so.
 */
describe('candidate queries use their indexes', () => {
  let dataSource: DataSource;
  let repository: CandidatesRepository;

  beforeAll(async () => {
    dataSource = await new DataSource(buildDataSourceOptions(TEST_DATABASE_URL, 2)).initialize();
    await truncateAllTables(dataSource);
    repository = new CandidatesRepository(dataSource);
    await dataSource.query(`INSERT INTO parties (id, name, country, region, kind, version)
      SELECT gen_random_uuid(), 'party ' || i, (ARRAY['CN','TH','VN','ID','MY'])[1 + i % 5], 'asean', 'enterprise', 1 FROM generate_series(1, 200) i`);
    // Concept ids drawn with a skew (power of a uniform), as real listings favour popular technologies.
    await dataSource.query(`
      INSERT INTO listings (kind, party_id, party_country, party_region, status, title, description, language, detected_language,
                            sector, field_ids, concept_ids, transfer_modes, taxonomy_version, min_trl, published_at)
      SELECT 'need', p.id, p.country, 'asean', 'published', 'need ' || i, 'generated', 'en', 'en', 'health',
             ARRAY[200 + (i % 12)],
             ARRAY(SELECT DISTINCT (2000 + floor(power(random(), 3) * 560))::int FROM generate_series(1, 3 + i % 5)),
             ARRAY['licensing'], 'tax-test', 1 + i % 9, now()
        FROM generate_series(1, 20000) i
        JOIN LATERAL (SELECT id, country FROM parties ORDER BY id OFFSET (i % 200) LIMIT 1) p ON true`);
    await dataSource.query('ANALYZE listings');
    await dataSource.query('ANALYZE match_profiles');
  }, 120_000);

  afterAll(async () => {
    await truncateAllTables(dataSource);
    await dataSource.destroy();
  });

  it('finds candidates for an offer through the GIN indexes, without a sequential scan of listings', async () => {
    const offer = {
      id: '00000000-0000-4000-8000-000000000001',
      kind: 'offer' as const,
      partyId: '00000000-0000-4000-8000-000000000002',
      partyCountry: 'CN',
      language: 'zh',
      sector: 'health' as const,
      fieldIds: [205],
      conceptIds: [2301, 2302, 2455],
      termFrequencies: {},
      trl: 7,
      minTrl: null,
      transferModes: ['licensing'],
      targetCountries: [],
      revision: 1,
    };
    const { sql, parameters } = repository.candidateQuery(offer, 300, 'concepts');
    const plan: { 'QUERY PLAN': string }[] = await dataSource.query(`EXPLAIN ${sql}`, parameters);
    const text = plan.map((row) => row['QUERY PLAN']).join('\n');
    expect(text).toMatch(/ix_match_profiles_need_concepts/);
    expect(text).not.toMatch(/Seq Scan/);

    // The sort key is computed over the index scan's rows, not instead of it.
    const { sql: fieldSql, parameters: fieldParameters } = repository.candidateQuery(offer, 300, 'fields');
    const fieldPlan = (await dataSource.query(`EXPLAIN ${fieldSql}`, fieldParameters)).map((row: { 'QUERY PLAN': string }) => row['QUERY PLAN']).join('\n');
    expect(fieldPlan).toMatch(/ix_match_profiles_need_fields/);
    expect(fieldPlan).not.toMatch(/Seq Scan/);

    const refs = await repository.findCandidateRefs(offer, 300);
    expect(refs.length).toBeGreaterThan(0);
    const candidates = await repository.findFeaturesByIds(refs.map((ref) => ref.id));
    const [{ profiles }] = await dataSource.query(`SELECT count(*)::int AS profiles FROM match_profiles`);
    expect(profiles).toBe(20000);
    expect(candidates.map((c) => c.id).sort()).toEqual(refs.map((ref) => ref.id).sort());
    for (const candidate of candidates) {
      expect(candidate.kind).toBe('need');
      expect(candidate.minTrl === null || candidate.minTrl <= 7).toBe(true);
      expect(candidate.conceptIds.some((id) => offer.conceptIds.includes(id)) || candidate.fieldIds.includes(205)).toBe(true);
    }

    // Shared concepts squared over the candidate's concept count (every weight 1 here), best first.
    const byId = new Map(candidates.map((candidate) => [candidate.id, candidate]));
    const keys = refs.map(({ id }) => {
      const { conceptIds } = byId.get(id)!;
      return normalizedOverlap(conceptIds.filter((conceptId) => offer.conceptIds.includes(conceptId)).length, conceptIds.length);
    });
    expect(keys).toEqual([...keys].sort((a, b) => b - a));
    expect(new Set(keys).size).toBeGreaterThan(3);
  });
});

describe('a listing without concepts', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await new DataSource(buildDataSourceOptions(TEST_DATABASE_URL, 2)).initialize();
    await truncateAllTables(dataSource);
  });
  afterAll(async () => {
    await truncateAllTables(dataSource);
    await dataSource.destroy();
  });

  it('finds candidates by field alone (no concept query, no empty sort key)', async () => {
    const [party] = await dataSource.query(`INSERT INTO parties (name, country, region, kind, version) VALUES ('p', 'VN', 'asean', 'enterprise', 1) RETURNING id`);
    await dataSource.query(
      `INSERT INTO listings (kind, party_id, party_country, party_region, status, title, description, language, detected_language, sector, field_ids, concept_ids, taxonomy_version, published_at)
       VALUES ('need', $1, 'VN', 'asean', 'published', 't', 'd', 'vi', 'vi', 'digital', '{301}', '{}', 'tax-test', now())`,
      [party.id],
    );
    const repository = new CandidatesRepository(dataSource);
    const offer = {
      id: '00000000-0000-4000-8000-000000000003', kind: 'offer' as const, partyId: '00000000-0000-4000-8000-000000000004', partyCountry: 'CN',
      language: 'zh', sector: 'digital' as const, fieldIds: [301], conceptIds: [], termFrequencies: {}, trl: 7, minTrl: null,
      transferModes: [], targetCountries: [], revision: 1,
    };
    expect(await repository.findCandidateRefs(offer, 10, () => 2)).toHaveLength(1);
  });
});

describe('match profiles follow their listings', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await new DataSource(buildDataSourceOptions(TEST_DATABASE_URL, 2)).initialize();
    await truncateAllTables(dataSource);
  });
  afterAll(async () => {
    await truncateAllTables(dataSource);
    await dataSource.destroy();
  });

  it('exists exactly while the listing is published, with its latest gates, whoever writes the listing', async () => {
    const [party] = await dataSource.query(`INSERT INTO parties (name, country, region, kind, version) VALUES ('p', 'TH', 'asean', 'enterprise', 1) RETURNING id`);
    const [listing] = await dataSource.query(
      `INSERT INTO listings (kind, party_id, party_country, party_region, status, title, description, language, detected_language, sector, concept_ids, taxonomy_version)
       VALUES ('offer', $1, 'TH', 'asean', 'draft', 't', 'd', 'th', 'th', 'health', '{2001}', 'tax-test') RETURNING id`,
      [party.id],
    );
    const profile = async () => (await dataSource.query('SELECT concept_ids, trl, revision FROM match_profiles WHERE listing_id = $1', [listing.id]))[0];
    expect(await profile()).toBeUndefined();
    await dataSource.query(`UPDATE listings SET status = 'published', published_at = now(), revision = 2 WHERE id = $1`, [listing.id]);
    expect(await profile()).toEqual({ concept_ids: [2001], trl: null, revision: 2 });
    await dataSource.query(`UPDATE listings SET concept_ids = '{2001,2002}', trl = 7, revision = 3 WHERE id = $1`, [listing.id]);
    expect(await profile()).toEqual({ concept_ids: [2001, 2002], trl: 7, revision: 3 });
    await dataSource.query(`UPDATE listings SET status = 'withdrawn', revision = 4 WHERE id = $1`, [listing.id]);
    expect(await profile()).toBeUndefined();
    await dataSource.query(`UPDATE listings SET status = 'published', revision = 5 WHERE id = $1`, [listing.id]);
    await dataSource.query(`DELETE FROM listings WHERE id = $1`, [listing.id]);
    expect(await profile()).toBeUndefined();
  });
});
