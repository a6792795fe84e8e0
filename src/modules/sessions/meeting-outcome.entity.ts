import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Meeting } from './meeting.entity';
import type { AgreementType, Outcome } from './sessions.constants';

/** What one side says came of a meeting; one row per side, updated when the side says more. */
@Entity('meeting_outcomes')
@Check('ck_meeting_outcomes_agreement', `("outcome" = 'agreement') = ("agreement_type" IS NOT NULL)`)
@Index('ix_meeting_outcomes_outcome', ['outcome'])
export class MeetingOutcome {
  @PrimaryColumn({ type: 'uuid' })
  meetingId!: string;

  @ManyToOne(() => Meeting, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: Meeting;

  @PrimaryColumn({ type: 'uuid' })
  partyId!: string;

  @Column({ type: 'varchar', length: 5 })
  side!: 'offer' | 'need';

  @Column({ type: 'varchar', length: 20 })
  outcome!: Outcome;

  @Column({ type: 'varchar', length: 30, nullable: true })
  agreementType!: AgreementType | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  note!: string | null;

  @Column({ type: 'uuid' })
  recordedBy!: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
