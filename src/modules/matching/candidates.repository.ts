import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CandidateProfile, CandidateQuery, CandidateRef, conceptWeightTiers } from './scoring/candidate-index';
import { ListingFeatures } from './scoring/listing-features';

export type { CandidateRef } from './scoring/candidate-index';

/** The columns scoring reads, in SQL names. */
const FEATURE_COLUMNS = `l.id, l.kind, l.party_id, l.party_country, l.language, l.sector, l.field_ids, l.concept_ids,
  l.concept_counts, l.term_frequencies, l.trl, l.min_trl, l.transfer_modes, l.target_countries, l.revision, l.taxonomy_version`;

interface FeatureRow {
  id: string;
  kind: 'offer' | 'need';
  party_id: string;
  party_country: string;
  language: string;
  sector: ListingFeatures['sector'];
  field_ids: number[];
  concept_ids: number[];
  concept_counts: Record<string, number>;
  term_frequencies: Record<string, number>;
  trl: number | null;
  min_trl: number | null;
  transfer_modes: string[];
  target_countries: string[];
  revision: number;
  taxonomy_version: string;
}

export interface CandidateFeatures extends ListingFeatures {
  revision: number;
  /** The taxonomy its concepts were extracted with. */
  taxonomyVersion: string;
}

/**
 * SQL for the IDF-weighted count of the listing's concepts a profile shares: one intarray
 * intersection per weight tier (see conceptWeightTiers); a per-concept test or an unnested weight
 * array costs twice the whole query (intarray sorts its inputs on every call). Ids and weights are
 * integers the worker computed, checked by conceptWeightTiers before they become SQL literals.
 */
export function weightedOverlap(conceptIds: readonly number[], weight: (conceptId: number) => number): string[] {
  const terms = conceptWeightTiers(conceptIds, weight).map((tier) => `${tier.weight} * icount(p.concept_ids & '{${tier.conceptIds.join(',')}}'::int[])`);
  // No concepts, no sort key: a bare `0` would be read as a column position and refused.
  return terms.length ? [`(${terms.join(' + ')})`] : [];
}

/**
 * SQL for normalizedOverlap over candidateQuery's subquery columns: the weighted overlap squared,
 * as float8, over the profile's concept count.
 */
function normalizedOverlapKey(overlap: string): string {
  return `(${overlap} * ${overlap})::float8 / greatest(c.concepts, 1)`;
}

/** A published listing as the worker's live copy holds it: its profile for retrieval and its features for scoring. */
export interface ScoringRow {
  profile: CandidateProfile;
  features: CandidateFeatures;
}

/** The columns of a ScoringRow: the features, and the publication time in exact microseconds (the SQL breaks ties on it). */
const SCORING_ROW_COLUMNS = `${FEATURE_COLUMNS}, (extract(epoch FROM l.published_at) * 1000000)::float8 AS published_at_micros`;

function toScoringRow(row: FeatureRow & { published_at_micros: number | null }): ScoringRow {
  const features = toFeatures(row);
  return {
    features,
    profile: {
      listingId: features.id,
      kind: features.kind,
      partyId: features.partyId,
      partyCountry: features.partyCountry,
      language: features.language,
      conceptIds: features.conceptIds,
      fieldIds: features.fieldIds,
      trl: features.trl,
      minTrl: features.minTrl,
      transferModes: features.transferModes,
      targetCountries: features.targetCountries,
      revision: features.revision,
      publishedAtMicros: row.published_at_micros,
    },
  };
}

export interface ListingToScore extends CandidateFeatures {
  status: string;
}

function toFeatures(row: FeatureRow): CandidateFeatures {
  return {
    id: row.id,
    kind: row.kind,
    partyId: row.party_id,
    partyCountry: row.party_country.trim(),
    language: row.language,
    sector: row.sector,
    fieldIds: row.field_ids,
    conceptIds: row.concept_ids,
    conceptCounts: row.concept_counts,
    termFrequencies: row.term_frequencies,
    trl: row.trl,
    minTrl: row.min_trl,
    transferModes: row.transfer_modes,
    targetCountries: row.target_countries,
    revision: row.revision,
    taxonomyVersion: row.taxonomy_version,
  };
}

/**
 * Finds the counterparts worth scoring through the GIN indexes, with every hard gate in SQL, so
 * the worker scores a few hundred listings instead of every published one.
 */
@Injectable()
export class CandidatesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The listing about to be scored, with what decides whether and how: its status and taxonomy version. */
  async findFeatures(listingId: string, manager: EntityManager = this.dataSource.manager): Promise<ListingToScore | null> {
    const rows: (FeatureRow & { status: string })[] = await manager.query(`SELECT ${FEATURE_COLUMNS}, l.status FROM listings l WHERE l.id = $1`, [listingId]);
    return rows.length ? { ...toFeatures(rows[0]), status: rows[0].status } : null;
  }

  /** Many listings about to be scored, in one query; ids not found are left out. */
  async findFeaturesToScore(listingIds: readonly string[]): Promise<ListingToScore[]> {
    if (listingIds.length === 0) return [];
    const rows: (FeatureRow & { status: string })[] = await this.dataSource.query(`SELECT ${FEATURE_COLUMNS}, l.status FROM listings l WHERE l.id = ANY($1::uuid[])`, [
      listingIds,
    ]);
    return rows.map((row) => ({ ...toFeatures(row), status: row.status }));
  }

  /** Every published listing's profile, as the live copy reads them, for a CandidateIndex of one moment (tests and the benchmark). */
  async findAllProfiles(): Promise<CandidateProfile[]> {
    const profiles: CandidateProfile[] = [];
    await this.readPublishedScoringRows(5000, (rows) => {
      for (const row of rows) profiles.push(row.profile);
    });
    return profiles;
  }

  /**
   * Every published listing as one snapshot, read page by page in a REPEATABLE READ transaction,
   * with that snapshot (pg_current_snapshot) for findScoringChangesSince to continue from.
   */
  async readPublishedScoringRows(pageSize: number, onPage: (rows: ScoringRow[]) => void | Promise<void>): Promise<{ snapshot: string }> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      // The first statement takes the transaction's snapshot: the one every page is read in.
      const [{ snapshot }]: { snapshot: string }[] = await manager.query(`SELECT pg_current_snapshot()::text AS snapshot`);
      for (let afterId: string | null = null; ; ) {
        const rows: (FeatureRow & { published_at_micros: number | null })[] = await manager.query(
          `SELECT ${SCORING_ROW_COLUMNS} FROM listings l
            WHERE l.status = 'published' ${afterId === null ? '' : 'AND l.id > $2'}
            ORDER BY l.id LIMIT $1`,
          afterId === null ? [pageSize] : [pageSize, afterId],
        );
        await onPage(rows.map(toScoringRow));
        if (rows.length < pageSize) return { snapshot };
        afterId = rows[rows.length - 1].id;
      }
    });
  }

  /**
   * The listings whose scoring columns changed in a transaction `snapshot` did not see (see the
   * TrackMatchProfileChanges migration), as they are now (null: no longer published), and the
   * snapshot of now to continue from next time. One statement, so one snapshot: a change committed
   * while it runs is not seen now and is listed next time.
   */
  async findScoringChangesSince(snapshot: string): Promise<{ snapshot: string; changes: { listingId: string; row: ScoringRow | null }[] }> {
    const rows: (Partial<FeatureRow> & { now: string; changed_id: string | null; published_at_micros: number | null })[] = await this.dataSource.query(
      `WITH changed AS (
         SELECT DISTINCT listing_id FROM match_profile_changes
          WHERE xid >= pg_snapshot_xmin($1::pg_snapshot) AND NOT pg_visible_in_snapshot(xid, $1::pg_snapshot))
       SELECT pg_current_snapshot()::text AS now, c.listing_id AS changed_id, ${SCORING_ROW_COLUMNS}
         FROM (VALUES (1)) AS one(x)
         LEFT JOIN changed c ON true
         LEFT JOIN listings l ON l.id = c.listing_id AND l.status = 'published'`,
      [snapshot],
    );
    return {
      snapshot: rows[0].now,
      changes: rows
        .filter((row) => row.changed_id !== null)
        .map((row) => ({ listingId: row.changed_id!, row: row.id ? toScoringRow(row as FeatureRow & { published_at_micros: number | null }) : null })),
    };
  }

  /**
   * Features of many listings at once, for the candidates a worker has not prepared yet. Without
   * `withTerms` the word counts stay in PostgreSQL: for a candidate in another language they
   * are never compared, and they are most of what a row costs to read and parse.
   */
  async findFeaturesByIds(ids: readonly string[], options: { withTerms?: boolean } = {}): Promise<CandidateFeatures[]> {
    if (ids.length === 0) return [];
    const columns = options.withTerms === false ? FEATURE_COLUMNS.replace('l.term_frequencies', `'{}'::jsonb AS term_frequencies`) : FEATURE_COLUMNS;
    const rows: FeatureRow[] = await this.dataSource.query(`SELECT ${columns} FROM listings l WHERE l.id = ANY($1::uuid[])`, [ids]);
    return rows.map(toFeatures);
  }

  /**
   * Published counterparts of another party that pass the gates (readiness, a transfer mode in
   * common, the need's target countries) and share a concept or a field; those sharing the most
   * (IDF-weighted: one rare concept outweighs a common one, as in scoring; relative to how many
   * concepts the candidate names, as scoring's cosine is: see normalizedOverlap) first. Only ids and revisions: the caller fetches the features it does not hold already.
   */
  async findCandidateRefs(listing: CandidateQuery, limit: number, conceptWeight?: (conceptId: number) => number): Promise<CandidateRef[]> {
    const byConcept: CandidateRef[] = listing.conceptIds.length ? await this.run(this.candidateQuery(listing, limit, 'concepts', conceptWeight)) : [];
    if (byConcept.length >= limit || listing.fieldIds.length === 0) return byConcept;
    // A field alone is a weak signal shared by many listings: only used to fill up what concepts left,
    // with listings the concept query could not have found.
    const seen = new Set(byConcept.map((candidate) => candidate.id));
    const byField: CandidateRef[] = await this.run(this.candidateQuery(listing, limit, 'fields', conceptWeight));
    return [...byConcept, ...byField.filter((candidate) => !seen.has(candidate.id)).slice(0, limit - byConcept.length)];
  }

  private run({ sql, parameters }: { sql: string; parameters: unknown[] }): Promise<CandidateRef[]> {
    return this.dataSource.query(sql, parameters);
  }

  /**
   * The SQL of findCandidateRefs, apart so tests can EXPLAIN it. Concepts are the selective signal
   * (the GIN index answers them directly); fields fill up when concepts find too few.
   */
  candidateQuery(
    listing: CandidateQuery,
    limit: number,
    by: 'concepts' | 'fields',
    conceptWeight: (conceptId: number) => number = () => 1,
  ): { sql: string; parameters: unknown[] } {
    const isOffer = listing.kind === 'offer';
    // A literal, not a parameter: the planner must see it to pick the other kind's partial GIN index.
    const counterpartKind = isOffer ? `'need'` : `'offer'`;
    // $7 is the offer's country (gate on the need's targets) or the need's target countries (gate on the offer's country).
    const gates = isOffer
      ? `(p.min_trl IS NULL OR $3::int IS NULL OR $3::int >= p.min_trl)
         AND (cardinality(p.target_countries) = 0 OR $7::text = ANY(p.target_countries))`
      : `(p.trl IS NULL OR $3::int IS NULL OR p.trl >= $3::int)
         AND (cardinality($7::text[]) = 0 OR p.party_country = ANY($7::text[]))`;
    const [overlap] = by === 'concepts' ? weightedOverlap(listing.conceptIds, conceptWeight) : [];
    return {
      // match_profiles holds published listings only: the status gate is the table itself. OFFSET 0
      // keeps the planner from merging the subquery into the outer one, which would write the
      // overlap (its intarray intersections) into the sort key twice.
      sql: `SELECT c.id, c.revision, c.language
         FROM (SELECT p.listing_id AS id, p.revision, p.language, p.published_at, ${overlap ?? '0'} AS overlap,
                      cardinality(p.concept_ids) AS concepts, icount(p.field_ids & $5::int[]) AS fields
                 FROM match_profiles p
                WHERE p.kind = ${counterpartKind}
                  AND p.party_id <> $1
                  AND ${by === 'concepts' ? 'p.concept_ids && $2::int[]' : 'p.field_ids && $5::int[] AND NOT p.concept_ids && $2::int[]'}
                  AND ${gates}
                  AND (cardinality(p.transfer_modes) = 0 OR cardinality($4::text[]) = 0 OR p.transfer_modes && $4::text[])
               OFFSET 0) c
        ORDER BY ${normalizedOverlapKey('c.overlap')} DESC, c.fields DESC, c.published_at DESC, c.id DESC
        LIMIT $6`,
      parameters: [
        listing.partyId,
        listing.conceptIds,
        isOffer ? listing.trl : listing.minTrl,
        listing.transferModes,
        listing.fieldIds,
        limit,
        isOffer ? listing.partyCountry : listing.targetCountries,
      ],
    };
  }
}
