import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Party } from '../parties/party.entity';
import type { NotificationKind } from './notification-kinds';

/**
 * A notice to a party (not to one user: every member of the party reads the same inbox). The row is
 * the source of truth; a webhook delivery is only a copy sent out after the row is committed.
 */
@Entity('notifications')
@Index('ix_notifications_party', ['partyId', 'createdAt', 'id'])
@Index('ix_notifications_unread', { synchronize: false })
// PostgreSQL treats NULLs as distinct, so notices without a key never collide.
@Index('uq_notifications_dedupe', ['partyId', 'dedupeKey'], { unique: true })
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  partyId!: string;

  @ManyToOne(() => Party, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'party_id' })
  party?: Party;

  @Column({ type: 'varchar', length: 30 })
  kind!: NotificationKind;

  @Column({ type: 'varchar', length: 300 })
  title!: string;

  /** Ids and figures a front end needs to link the notice (match, listing, meeting ids). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  data!: Record<string, unknown>;

  @Column({ type: 'varchar', length: 200, nullable: true })
  dedupeKey!: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  readAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}
