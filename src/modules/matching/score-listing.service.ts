import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config.service';
import { Listing } from '../listings/listing.entity';
import { listingAnalysisInput } from '../listings/listing-text';
import { CandidateFeatures, CandidateRef, CandidatesRepository, ListingToScore } from './candidates.repository';
import { DocumentFrequenciesService } from './document-frequencies.service';
import { MatchScore, PreparedListing, prepareFeatures, scoreMatch, textLanguagesComparable } from './scoring/match-score';
import { PreparedListingsCache } from './scoring/prepared-listings-cache';
import { DocumentFrequencies } from './document-frequencies.service';
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

export interface ScoredPair {
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
  private readonly prepared: PreparedListingsCache<ScoringContext>;
  private context: { frequencies: DocumentFrequencies; scoring: ScoringContext } | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly candidates: CandidatesRepository,
    private readonly frequencies: DocumentFrequenciesService,
    private readonly taxonomy: TaxonomyService,
    private readonly config: AppConfig,
  ) {
    this.taxonomyMaps = taxonomyLookups(taxonomy.taxonomy);
    this.prepared = new PreparedListingsCache(config.matching.featureCacheSize);
  }

  async score(listingId: string): Promise<ScoreListingResult | null> {
    const listing = await this.currentFeatures(listingId);
    if (!listing) return null;
    if (listing.status !== 'published') {
      await this.dataSource.transaction(async (manager) => {
        await this.clearChoices(manager, listing, []);
        await this.markScored(manager, listing);
      });
      return { listingId, revision: listing.revision, status: listing.status, candidates: 0, kept: 0 };
    }
    const { candidates, kept } = await this.rank(listing);
    await this.dataSource.transaction(async (manager) => {
      // Matches are derived data: should PostgreSQL crash before this commit reaches the disk, the
      // listing's scored_revision is lost with them and the reconciler scores it again. Not waiting
      // for the WAL flush makes a full re-match several times faster.
      await manager.query('SET LOCAL synchronous_commit = off');
      await this.clearChoices(manager, listing, kept);
      await this.upsertMatches(manager, listing, kept);
      await this.markScored(manager, listing);
    });
    return { listingId, revision: listing.revision, status: listing.status, candidates, kept: kept.length };
  }

  /** The best counterparts of a listing, scored, without writing anything (the benchmark times this too). */
  async rank(listing: CandidateFeatures): Promise<{ candidates: number; kept: ScoredPair[] }> {
    const { matchesPerListing, minScore } = this.config.matching;
    const context = await this.scoringContext();
    const self = prepareFeatures(listing, context);
    const counterparts = await this.preparedCandidates(listing, context);
    const scored: ScoredPair[] = counterparts.map((other) => {
      const counterpart = other.features as CandidateFeatures;
      return listing.kind === 'offer'
        ? { offer: listing, need: counterpart, result: scoreMatch(self, other, context) }
        : { offer: counterpart, need: listing, result: scoreMatch(other, self, context) };
    });
    const kept = scored
      .filter((pair) => pair.result.score >= minScore)
      .sort((a, b) => b.result.score - a.result.score)
      .slice(0, matchesPerListing);
    return { candidates: counterparts.length, kept };
  }

  private async scoringContext(): Promise<ScoringContext> {
    const frequencies = await this.frequencies.current();
    if (this.context?.frequencies !== frequencies) {
      this.context = { frequencies, scoring: { ...this.taxonomyMaps, ...frequencies, weights: DEFAULT_SCORING_WEIGHTS } };
    }
    this.prepared.useContext(this.context.scoring);
    return this.context.scoring;
  }

  /**
   * Candidates from the index, prepared from the cache where possible; only the misses are
   * fetched, and their word counts only where the languages let texts be compared.
   */
  private async preparedCandidates(listing: CandidateFeatures, context: ScoringContext): Promise<PreparedListing[]> {
    const refs = await this.candidates.findCandidateRefs(listing, this.config.matching.candidateLimit, context.conceptIdf);
    const needsTerms = (ref: CandidateRef) => textLanguagesComparable(listing.language, ref.language);
    const missing = refs.filter((ref) => !this.prepared.get(ref.id, ref.revision, needsTerms(ref)));
    const fetched = new Map<string, PreparedListing>();
    for (const withTerms of [true, false]) {
      const ids = missing.filter((ref) => needsTerms(ref) === withTerms).map((ref) => ref.id);
      for (const features of await this.candidates.findFeaturesByIds(ids, { withTerms })) {
        // The raw term and concept counts live on in the prepared weights; kept twice they would double the cache's memory.
        const prepared: PreparedListing = { ...prepareFeatures(features, context), features: { ...features, termFrequencies: {}, conceptCounts: undefined } };
        fetched.set(features.id, prepared);
        this.prepared.set(features.id, features.revision, prepared, withTerms);
      }
    }
    const result: PreparedListing[] = [];
    for (const ref of refs) {
      // A candidate withdrawn between the two queries is simply gone; scoring it later would be wrong anyway.
      const prepared = fetched.get(ref.id) ?? this.prepared.get(ref.id, ref.revision, needsTerms(ref));
      if (prepared) result.push(prepared);
    }
    return result;
  }

  /** The listing's features, re-analysed first when they were computed with another taxonomy. */
  private async currentFeatures(listingId: string): Promise<ListingToScore | null> {
    const features = await this.candidates.findFeatures(listingId);
    if (!features || features.taxonomyVersion === this.taxonomy.version) return features;
    await this.reanalyse(listingId);
    return this.candidates.findFeatures(listingId);
  }

  /** Listings analysed with an older taxonomy are analysed again before scoring, so their concepts use the current ids. */
  private async reanalyse(listingId: string): Promise<void> {
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

  /** This listing's own run decides only its own `chosenBy` flag; the counterpart's run owns the other. */
  private async clearChoices(manager: EntityManager, listing: CandidateFeatures, kept: ScoredPair[]): Promise<void> {
    const isOffer = listing.kind === 'offer';
    const [column, other, flag] = isOffer ? ['offer_id', 'need_id', 'chosen_by_offer'] : ['need_id', 'offer_id', 'chosen_by_need'];
    // Pairs kept again stay flagged: clearing and re-setting them would write every row twice.
    const keptIds = kept.map((pair) => (isOffer ? pair.need.id : pair.offer.id));
    await manager.query(`UPDATE matches SET ${flag} = false WHERE ${column} = $1 AND ${flag} AND ${other} <> ALL($2::uuid[])`, [listing.id, keptIds]);
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
              ${flag} = true, updated_at = now()
        -- A pair scored again to the same result (the other side's job, a re-match that changed
        -- nothing for it) is not rewritten: no dead tuple, no index update, no WAL.
        WHERE matches.${flag} IS NOT TRUE OR matches.score IS DISTINCT FROM EXCLUDED.score
           OR matches.algorithm_version IS DISTINCT FROM EXCLUDED.algorithm_version
           OR matches.taxonomy_version IS DISTINCT FROM EXCLUDED.taxonomy_version
           OR matches.offer_revision IS DISTINCT FROM EXCLUDED.offer_revision OR matches.need_revision IS DISTINCT FROM EXCLUDED.need_revision`,
      [JSON.stringify(rows)],
    );
  }

  private async markScored(manager: EntityManager, listing: CandidateFeatures): Promise<void> {
    await manager.query('UPDATE listings SET scored_revision = $2 WHERE id = $1 AND (scored_revision IS NULL OR scored_revision < $2)', [listing.id, listing.revision]);
  }
}
