import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { Listing } from '../listings/listing.entity';
import type { Sector } from '../matching/taxonomy/taxonomy.types';

export const MATCH_STATUSES = ['proposed', 'approved', 'rejected'] as const;
export type MatchStatus = (typeof MATCH_STATUSES)[number];

export const PREFERENCES = ['must-meet', 'meet', 'no-thanks'] as const;
export type Preference = (typeof PREFERENCES)[number];

export interface StoredFactor {
  name: string;
  weight: number;
  value: number;
  contribution: number;
}

export interface StoredExplanation {
  factors: StoredFactor[];
  /** Concept ids, most contributing first; labels come from the taxonomy when read. */
  sharedConceptIds: number[];
  sharedFieldIds: number[];
}

/**
 * One row per (offer, need), ever. The matcher writes score, explanation and `chosenBy*`;
 * people write status and preferences; neither ever overwrites the other's columns.
 */
@Entity('matches')
@Unique('uq_matches_pair', ['offerId', 'needId'])
// (…, score, id): scanned backwards, they give a page in the lists' order (score DESC, id DESC) without a sort.
@Index('ix_matches_offer_score', ['offerId', 'score', 'id'])
@Index('ix_matches_need_score', ['needId', 'score', 'id'])
@Index('ix_matches_offer_party_score', ['offerPartyId', 'score', 'id'])
@Index('ix_matches_need_party_score', ['needPartyId', 'score', 'id'])
// By hand in the migration: (status, coalesce(match_priority(...), -1) DESC, id DESC), the review queue's order.
@Index('ix_matches_review_queue', { synchronize: false })
// By hand: (coalesce(match_priority(...), -1) DESC, id DESC), the queue's order when no status is given.
@Index('ix_matches_priority', { synchronize: false })
// By hand: partial (score) index of matches chosen but not yet announced, for the new-recommendation sweep.
@Index('ix_matches_unannounced', { synchronize: false })
export class Match {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  offerId!: string;

  @ManyToOne(() => Listing, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'offer_id' })
  offer?: Listing;

  @Column({ type: 'uuid' })
  needId!: string;

  @ManyToOne(() => Listing, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'need_id' })
  need?: Listing;

  /** Copied from the listings so "all of my party's recommendations" is one indexed scan. */
  @Column({ type: 'uuid' })
  offerPartyId!: string;

  @Column({ type: 'uuid' })
  needPartyId!: string;

  @Column({ type: 'varchar', length: 30 })
  sector!: Sector;

  @Column({ type: 'real' })
  score!: number;

  @Column({ type: 'jsonb' })
  explanation!: StoredExplanation;

  @Column({ type: 'varchar', length: 30 })
  algorithmVersion!: string;

  @Column({ type: 'varchar', length: 30 })
  taxonomyVersion!: string;

  @Column({ type: 'int' })
  offerRevision!: number;

  @Column({ type: 'int' })
  needRevision!: number;

  /** Among the best N of the offer's own scoring run. */
  @Column({ type: 'boolean', default: false })
  chosenByOffer!: boolean;

  /** Among the best N of the need's own scoring run. */
  @Column({ type: 'boolean', default: false })
  chosenByNeed!: boolean;

  @Column({ type: 'varchar', length: 10, default: 'proposed' })
  status!: MatchStatus;

  @Column({ type: 'varchar', length: 10, nullable: true })
  offerPreference!: Preference | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  needPreference!: Preference | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  reviewNote!: string | null;

  @Column({ type: 'uuid', nullable: true })
  reviewedBy!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  reviewedAt!: Date | null;

  /**
   * When the parties were told of this match (or it was decided never to tell them): set once, in the
   * transaction that writes the notices, so each match is announced at most once.
   */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  announcedAt!: Date | null;

  /** Checked by every human decision (UPDATE ... WHERE version = $n); the matcher leaves it alone. */
  @Column({ type: 'int', default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
