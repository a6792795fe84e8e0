import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { Meeting } from './meeting.entity';

/**
 * One row per party per live (not cancelled) meeting, written only by the `meetings_attendance`
 * trigger, never by the application: its unique key is what makes "one meeting per party per slot"
 * hold whichever side of each meeting the party is on.
 */
@Entity('meeting_attendance')
@Unique('uq_meeting_attendance_party_slot', ['sessionId', 'slotIndex', 'partyId'])
export class MeetingAttendance {
  @PrimaryColumn({ type: 'uuid' })
  meetingId!: string;

  @ManyToOne(() => Meeting, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: Meeting;

  @PrimaryColumn({ type: 'uuid' })
  partyId!: string;

  @Column({ type: 'uuid' })
  sessionId!: string;

  @Column({ type: 'int' })
  slotIndex!: number;
}
