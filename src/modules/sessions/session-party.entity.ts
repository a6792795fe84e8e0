import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Party } from '../parties/party.entity';
import { MatchmakingSession } from './session.entity';

/** A party's availability and maximum in one session; no row means every slot and no maximum. */
@Entity('session_parties')
export class SessionParty {
  @PrimaryColumn({ type: 'uuid' })
  sessionId!: string;

  @ManyToOne(() => MatchmakingSession, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'session_id' })
  session?: MatchmakingSession;

  @PrimaryColumn({ type: 'uuid' })
  partyId!: string;

  @ManyToOne(() => Party, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'party_id' })
  party?: Party;

  /** Slot indexes the party can attend; null: all of them. */
  @Column({ type: 'int', array: true, nullable: true })
  availableSlots!: number[] | null;

  @Column({ type: 'int', nullable: true })
  maxMeetings!: number | null;

  @Column({ type: 'uuid', nullable: true })
  updatedBy!: string | null;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
