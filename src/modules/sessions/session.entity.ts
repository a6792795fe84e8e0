import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ScheduleMode, SessionStatus } from './sessions.constants';

export interface StoredInterval {
  startsAt: string;
  endsAt: string;
}

export interface StoredInterpreterPool {
  languages: [string, string];
  count: number;
}

/** What the last scheduling run did, for the admin's review of the draft. */
export interface ScheduleSummary {
  jobId: string;
  mode: ScheduleMode;
  finishedAt: string;
  candidates: number;
  placed: number;
  kept: number;
  waiting: Record<string, number>;
  greedyPriority: number;
  totalPriority: number;
  upperBound: number;
  milliseconds: number;
}

/**
 * A matchmaking session: a time window cut into slots, a number of tables, breaks and interpreter
 * pools. Times are stored in UTC and shown in `timeZone`. `scheduleJobId` is the guard that lets one
 * scheduling run at a time: it is set by a conditional UPDATE and cleared by the run that holds it.
 */
@Entity('matchmaking_sessions')
@Check('ck_matchmaking_sessions_window', '"ends_at" > "starts_at"')
@Check('ck_matchmaking_sessions_shape', '"slot_minutes" > 0 AND "table_count" > 0 AND "slot_count" > 0')
@Index('ix_matchmaking_sessions_starts', ['startsAt'])
export class MatchmakingSession {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  venue!: string | null;

  @Column({ type: 'varchar', length: 64 })
  timeZone!: string;

  @Column({ type: 'timestamptz' })
  startsAt!: Date;

  @Column({ type: 'timestamptz' })
  endsAt!: Date;

  @Column({ type: 'int' })
  slotMinutes!: number;

  /** Derived from the window, slot length and breaks when the session is created; never changes. */
  @Column({ type: 'int' })
  slotCount!: number;

  @Column({ type: 'int' })
  tableCount!: number;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  breaks!: StoredInterval[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  interpreters!: StoredInterpreterPool[];

  @Column({ type: 'varchar', length: 12, default: 'setup' })
  status!: SessionStatus;

  @Column({ type: 'varchar', length: 100, nullable: true })
  scheduleJobId!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  scheduleRequestedAt!: Date | null;

  @Column({ type: 'int', default: 0 })
  scheduleRuns!: number;

  @Column({ type: 'jsonb', nullable: true })
  lastSchedule!: ScheduleSummary | null;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
