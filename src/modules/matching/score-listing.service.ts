import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config.service';
import { Listing } from '../listings/listing.entity';
import { listingAnalysisInput } from '../listings/listing-text';
import { CandidateFeatures, CandidatesRepository } from './candidates.repository';
import { DocumentFrequenciesService } from './document-frequencies.service';
import { prepareFeatures, scoreMatch, MatchScore } from './scoring/match-score';
import { ScoringContext, taxonomyLookups } from './scoring/scoring-context';
import { DEFAULT_SCORING_WEIGHTS } from './scoring/scoring-weights';
import { TaxonomyService } from './taxonomy/taxonomy.service';

export interface ScoreListingResult {
  listingId: string;
  revision: number;
  status: string;
  candidates: number;
  kept: number;
}

interface ScoredPair {
  offer: CandidateFeatures;
  need: CandidateFeatures;
  result: MatchScore;
}

/**
 * Scores one listing against its candidates and records the best matches. Safe to run twice for
 * the same revision (at-least-once delivery): it only ever upserts and recomputes flags.
 */
@Injectable()
export class ScoreListingService {
  private readonly logger = new Logger(ScoreListingService.name);
  private readonly taxonomyMaps: Pick<ScoringContext, 'fieldSector' | 'conceptField'>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly candidates: CandidatesRepository,
    private readonly frequencies: DocumentFrequenciesService,
    private readonly taxonomy: TaxonomyService,
    private readonly config: AppConfig,
  ) {
    this.taxonomyMaps = taxonomyLookups(taxonomy.taxonomy);
  }

  async score(listingId: string): Promise<ScoreListingResult | null> {
    await this.reanalyseIfTaxonomyChanged(listingId);
    const listing = await this.candidates.findFeatures(listingId);
    if (!listing) return null;
    const status = await this.statusOf(listingId);
    if (status !== 'published') {
      await this.dataSource.transaction(async (manager) => {
        await this.clearChoices(manager, listing);
        await this.markScored(manager, listing);
      });
      return { listingId, revision: listing.revision, status, candidates: 0, kept: 0 };
    }

    const { candidateLimit, matchesPerListing, minScore } = this.config.matching;
    const counterparts = await this.candidates.findCandidates(listing, candidateLimit);
    const context: ScoringContext = { ...this.taxonomyMaps, ...(await this.frequencies.current()), weights: DEFAULT_SCORING_WEIGHTS };
    const self = prepareFeatures(listing, context);
    const scored: ScoredPair[] = counterparts.map((counterpart) => {
      const other = prepareFeatures(counterpart, context);
      const [offer, need] = listing.kind === 'offer' ? [listing, counterpart] : [counterpart, listing];
      const result = listing.kind === 'offer' ? scoreMatch(self, other, context) : scoreMatch(other, self, context);
      return { offer, need, result };
    });
    const kept = scored
      .filter((pair) => pair.result.score >= minScore)
      .sort((a, b) => b.result.score - a.result.score)
      .slice(0, matchesPerListing);

    await this.dataSource.transaction(async (manager) => {
      await this.clearChoices(manager, listing);
      await this.upsertMatches(manager, listing, kept);
      await this.markScored(manager, listing);
    });
    return { listingId, revision: listing.revision, status, candidates: counterparts.length, kept: kept.length };
  }

  /** Listings analysed with an older taxonomy are analysed again before scoring, so their concepts use the current ids. */
  private async reanalyseIfTaxonomyChanged(listingId: string): Promise<void> {
    const repository = this.dataSource.getRepository(Listing);
    const listing = await repository.findOne({
      where: { id: listingId },
      select: { id: true, title: true, summary: true, description: true, advantages: true, requirements: true, keywords: true, language: true, taxonomyVersion: true },
    });
    if (!listing || listing.taxonomyVersion === this.taxonomy.version) return;
    // The stored language was declared or detected before; it stays as it is.
    const analysis = this.taxonomy.analyze(listingAnalysisInput(listing, listing.language));
    await repository.update(
      { id: listingId },
      {
        conceptIds: analysis.conceptIds,
        conceptCounts: analysis.conceptCounts,
        termFrequencies: analysis.termFrequencies,
        searchDocument: analysis.searchDocument,
        taxonomyVersion: this.taxonomy.version,
      },
    );
    this.logger.log({ listingId, taxonomyVersion: this.taxonomy.version }, 're-analysed listing for a new taxonomy');
  }

  private async statusOf(listingId: string): Promise<string> {
    const [row] = await this.dataSource.query('SELECT status FROM listings WHERE id = $1', [listingId]);
    return row?.status ?? 'missing';
  }

  /** This listing's own run decides only its own `chosenBy` flag; the counterpart's run owns the other. */
  private async clearChoices(manager: EntityManager, listing: CandidateFeatures): Promise<void> {
    const [column, flag] = listing.kind === 'offer' ? ['offer_id', 'chosen_by_offer'] : ['need_id', 'chosen_by_need'];
    await manager.query(`UPDATE matches SET ${flag} = false WHERE ${column} = $1 AND ${flag}`, [listing.id]);
  }

  private async upsertMatches(manager: EntityManager, listing: CandidateFeatures, pairs: ScoredPair[]): Promise<void> {
    if (pairs.length === 0) return;
    const flag = listing.kind === 'offer' ? 'chosen_by_offer' : 'chosen_by_need';
    // A fixed row order keeps two workers upserting overlapping pairs from deadlocking each other.
    const ordered = [...pairs].sort((a, b) => (a.offer.id + a.need.id < b.offer.id + b.need.id ? -1 : 1));
    const rows = ordered.map(({ offer, need, result }) => ({
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
      taxonomy_version: this.taxonomy.version,
      offer_revision: offer.revision,
      need_revision: need.revision,
    }));
    // Human columns (status, preferences, review, version) are never in the SET list: re-scoring cannot undo a decision.
    await manager.query(
      `INSERT INTO matches (offer_id, need_id, offer_party_id, need_party_id, sector, score, explanation, algorithm_version,
                            taxonomy_version, offer_revision, need_revision, ${flag})
       SELECT r.offer_id, r.need_id, r.offer_party_id, r.need_party_id, r.sector, r.score, r.explanation, r.algorithm_version,
              r.taxonomy_version, r.offer_revision, r.need_revision, true
         FROM jsonb_to_recordset($1::jsonb) AS r(offer_id uuid, need_id uuid, offer_party_id uuid, need_party_id uuid, sector varchar,
              score real, explanation jsonb, algorithm_version varchar, taxonomy_version varchar, offer_revision int, need_revision int)
       ON CONFLICT (offer_id, need_id) DO UPDATE SET
              score = EXCLUDED.score, explanation = EXCLUDED.explanation, sector = EXCLUDED.sector,
              algorithm_version = EXCLUDED.algorithm_version, taxonomy_version = EXCLUDED.taxonomy_version,
              offer_revision = EXCLUDED.offer_revision, need_revision = EXCLUDED.need_revision,
              ${flag} = true, updated_at = now()`,
      [JSON.stringify(rows)],
    );
  }

  private async markScored(manager: EntityManager, listing: CandidateFeatures): Promise<void> {
    await manager.query('UPDATE listings SET scored_revision = $2 WHERE id = $1 AND (scored_revision IS NULL OR scored_revision < $2)', [listing.id, listing.revision]);
  }
}
