import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The transactional outbox: a row written in the transaction of the change it announces, so
 * nothing accepted is lost while Redis is away. The relay turns pending rows into jobs.
 */
@Entity('outbox_events')
@Index('ix_outbox_events_pending', { synchronize: false })
export class OutboxEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  /** e.g. `listing.created`, `listing.published`, `listing.withdrawn`. */
  @Column({ type: 'varchar', length: 40 })
  topic!: string;

  @Column({ type: 'uuid' })
  listingId!: string;

  @Column({ type: 'int' })
  revision!: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  dispatchedAt!: Date | null;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError!: string | null;
}
