import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CandidateFeatures, ListingToScore } from './candidates.repository';
import { StoredExplanation } from '../matches/match.entity';
import { MatchScore } from './scoring/match-score';
import { TaxonomyService } from './taxonomy/taxonomy.service';

/** A deadlock between two batches (or a batch and a live job) writing overlapping pairs is retried here, not by a whole job retry. */
const WRITE_ATTEMPTS = 4;

export interface ScoredPair {
  offer: CandidateFeatures;
  need: CandidateFeatures;
  result: MatchScore;
}

/** Writes what scoring kept: the matches of one listing, or of a re-match batch, and their scored revisions. */
@Injectable()
export class MatchWriter {
  private readonly logger = new Logger(MatchWriter.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly taxonomy: TaxonomyService,
  ) {}

  /**
   * Scoring results (one listing's, or a re-match batch's) in one transaction, set-based. Each
   * listing clears and sets only its own `chosenBy` flag (the counterpart's run owns the other),
   * human columns are never written, unchanged pairs are not rewritten. A pair kept by both its
   * offer and its need in the same batch is one row setting both flags (one statement cannot
   * upsert a row twice). Matches are derived data: should PostgreSQL crash before the commit
   * reaches the disk, the listings' scored_revision is lost with them and the reconciler scores
   * them again, so the commit does not wait for the WAL flush (a full re-match runs several times
   * faster).
   */
  async write(results: { listing: ListingToScore; kept: ScoredPair[] }[]): Promise<void> {
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
    // A fixed row order keeps two writers of overlapping pairs from deadlocking each other in the upsert.
    const ordered = [...pairs].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([, row]) => row);
    const keptBy = (kind: 'offer' | 'need') => {
      const listingIds = results.filter((r) => r.listing.kind === kind).map((r) => r.listing.id);
      const kept = results.filter((r) => r.listing.kind === kind).flatMap((r) => r.kept);
      return { listingIds, offerIds: kept.map((pair) => pair.offer.id), needIds: kept.map((pair) => pair.need.id) };
    };
    const byOffers = keptBy('offer');
    const byNeeds = keptBy('need');
    for (let attempt = 1; ; attempt++) {
      try {
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
        return;
      } catch (error) {
        if (attempt >= WRITE_ATTEMPTS || !isDeadlock(error)) throw error;
        this.logger.warn({ attempt, listings: results.length }, 'batch write deadlocked with another writer; retrying');
      }
    }
  }

  private async clearChoicesOfMany(manager: EntityManager, kind: 'offer' | 'need', kept: { listingIds: string[]; offerIds: string[]; needIds: string[] }): Promise<void> {
    if (kept.listingIds.length === 0) return;
    const [column, flag] = kind === 'offer' ? ['offer_id', 'chosen_by_offer'] : ['need_id', 'chosen_by_need'];
    // `= ANY`, not a join to unnest($1): the planner estimates each listing's rows from the column's
    // statistics and reads them through the index; a join is estimated from the average rows per
    // listing, and at 100 listings it hash-joined a scan of the whole table (55 ms against 3 ms).
    await manager.query(
      `UPDATE matches m SET ${flag} = false
        WHERE m.${column} = ANY($1::uuid[]) AND m.${flag}
          AND NOT EXISTS (SELECT 1 FROM unnest($2::uuid[], $3::uuid[]) AS k(offer_id, need_id) WHERE k.offer_id = m.offer_id AND k.need_id = m.need_id)`,
      [kept.listingIds, kept.offerIds, kept.needIds],
    );
  }

  private async upsertBatchMatches(manager: EntityManager, pairs: (ScoredPair & { byOffer: boolean; byNeed: boolean })[]): Promise<void> {
    if (pairs.length === 0) return;
    // One typed array per column, not one jsonb document of rows: PostgreSQL parsed a batch's 2,000
    // rows of JSON (2 MB) for a fifth of the statement's time. Only the explanations are JSON, and
    // they go as one document: as a text[] the driver escaped every quote in them, a tenth of a
    // re-match's worker CPU. PostgreSQL parses the same JSON either way.
    const column = <T>(value: (pair: ScoredPair & { byOffer: boolean; byNeed: boolean }) => T): T[] => pairs.map(value);
    // Human columns (status, preferences, review, version) are never in the SET list: re-scoring cannot undo a decision.
    await manager.query(
      `INSERT INTO matches (offer_id, need_id, offer_party_id, need_party_id, sector, score, explanation, algorithm_version,
                            taxonomy_version, offer_revision, need_revision, chosen_by_offer, chosen_by_need)
       SELECT r.offer_id, r.need_id, r.offer_party_id, r.need_party_id, r.sector, r.score, r.explanation, r.algorithm_version,
              $13::varchar, r.offer_revision, r.need_revision, r.by_offer, r.by_need
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::varchar[], $6::real[],
                     ARRAY(SELECT e.value FROM jsonb_array_elements($7::jsonb) WITH ORDINALITY AS e(value, position) ORDER BY e.position),
                     $8::varchar[], $9::int[], $10::int[], $11::boolean[], $12::boolean[])
              AS r(offer_id, need_id, offer_party_id, need_party_id, sector, score, explanation, algorithm_version, offer_revision, need_revision, by_offer, by_need)
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
      [
        column((pair) => pair.offer.id),
        column((pair) => pair.need.id),
        column((pair) => pair.offer.partyId),
        column((pair) => pair.need.partyId),
        column((pair) => pair.result.sector),
        column((pair) => pair.result.score),
        JSON.stringify(column((pair) => storedExplanation(pair.result))),
        column((pair) => pair.result.algorithmVersion),
        column((pair) => pair.offer.revision),
        column((pair) => pair.need.revision),
        column((pair) => pair.byOffer),
        column((pair) => pair.byNeed),
        this.taxonomy.version,
      ],
    );
  }
}

/** What a match stores of its score's explanation (labels come from the taxonomy when read). */
function storedExplanation(result: MatchScore): StoredExplanation {
  return {
    factors: result.factors.map(({ name, weight, value, contribution }) => ({ name, weight, value, contribution })),
    sharedConceptIds: result.sharedConceptIds,
    sharedFieldIds: result.sharedFieldIds,
  };
}

/** PostgreSQL's deadlock_detected, however TypeORM wraps it. */
function isDeadlock(error: unknown): boolean {
  const candidate = error as { code?: string; driverError?: { code?: string } };
  return candidate?.code === '40P01' || candidate?.driverError?.code === '40P01';
}
