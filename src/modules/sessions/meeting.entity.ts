import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Match } from '../matches/match.entity';
import { Party } from '../parties/party.entity';
import { MatchmakingSession } from './session.entity';
import type { MeetingStatus } from './sessions.constants';

/**
 * A match placed in a slot at a table. The database itself refuses double-booking: a table holds one
 * live meeting per slot (partial unique index), a match meets once per session, and a trigger keeps
 * `meeting_attendance` (one row per party per live meeting, unique per session, slot and party), so
 * a party can be in one meeting per slot on whichever side. Cancelled meetings block nothing.
 */
@Entity('meetings')
@Check('ck_meetings_two_parties', '"offer_party_id" <> "need_party_id"')
@Check('ck_meetings_place', '"slot_index" >= 0 AND "table_number" >= 1')
@Index('uq_meetings_session_slot_table', { synchronize: false })
@Index('uq_meetings_session_match', { synchronize: false })
@Index('ix_meetings_session_slot', ['sessionId', 'slotIndex', 'tableNumber'])
@Index('ix_meetings_session_offer_party', ['sessionId', 'offerPartyId'])
@Index('ix_meetings_session_need_party', ['sessionId', 'needPartyId'])
@Index('ix_meetings_match', ['matchId'])
export class Meeting {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  sessionId!: string;

  @ManyToOne(() => MatchmakingSession, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'session_id' })
  session?: MatchmakingSession;

  @Column({ type: 'uuid' })
  matchId!: string;

  @ManyToOne(() => Match, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'match_id' })
  match?: Match;

  /** Copied from the match, so the agenda of a party and the attendance trigger need no join. */
  @Column({ type: 'uuid' })
  offerPartyId!: string;

  @ManyToOne(() => Party, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'offer_party_id' })
  offerParty?: Party;

  @Column({ type: 'uuid' })
  needPartyId!: string;

  @ManyToOne(() => Party, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'need_party_id' })
  needParty?: Party;

  @Column({ type: 'int' })
  slotIndex!: number;

  @Column({ type: 'int' })
  tableNumber!: number;

  @Column({ type: 'timestamptz' })
  startsAt!: Date;

  @Column({ type: 'timestamptz' })
  endsAt!: Date;

  /** The scheduling priority it was placed with (meetingPriority). */
  @Column({ type: 'real' })
  priority!: number;

  /** The interpreter pool serving it, `th-zh`, or null when the parties share a language. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  interpreter!: string | null;

  @Column({ type: 'varchar', length: 10 })
  status!: MeetingStatus;

  @Column({ type: 'timestamptz', nullable: true })
  confirmedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  cancelledBy!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  cancelReason!: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
