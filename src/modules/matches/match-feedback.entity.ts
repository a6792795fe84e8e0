import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { Match, StoredExplanation } from './match.entity';

export const FEEDBACK_REASONS = ['too-early-stage', 'wrong-sector', 'not-the-technology-needed', 'ip-or-terms', 'geography', 'already-in-contact', 'other'] as const;
export type FeedbackReason = (typeof FEEDBACK_REASONS)[number];

/**
 * Why a party finds a recommendation off, one row per party and match (the latest word counts).
 * Score, explanation and algorithm version are copied as they were when the party said it, so the
 * weights can be tuned later against what the party actually saw, even after re-scoring.
 */
@Entity('match_feedback')
@Unique('uq_match_feedback_party', ['matchId', 'partyId'])
@Index('ix_match_feedback_reason', ['reason'])
export class MatchFeedback {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  matchId!: string;

  @ManyToOne(() => Match, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'match_id' })
  match?: Match;

  @Column({ type: 'uuid' })
  partyId!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  @Column({ type: 'varchar', length: 5 })
  side!: 'offer' | 'need';

  @Column({ type: 'varchar', length: 40 })
  reason!: FeedbackReason;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  comment!: string | null;

  @Column({ type: 'real' })
  score!: number;

  @Column({ type: 'jsonb' })
  explanation!: StoredExplanation;

  @Column({ type: 'varchar', length: 30 })
  algorithmVersion!: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
