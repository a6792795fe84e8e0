import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Notification } from './notification.entity';

/**
 * The webhook outbox: written in the notification's transaction, relayed to BullMQ by the worker
 * once committed, so a notice accepted while Redis is away is still delivered later.
 */
@Entity('webhook_deliveries')
@Index('ix_webhook_deliveries_pending', { synchronize: false })
@Index('ix_webhook_deliveries_notification', ['notificationId'])
export class WebhookDelivery {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ type: 'uuid' })
  notificationId!: string;

  @ManyToOne(() => Notification, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'notification_id' })
  notification?: Notification;

  @Column({ type: 'uuid' })
  partyId!: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  /** Set when the relay handed the delivery to BullMQ. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  dispatchedAt!: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  deliveredAt!: Date | null;

  /** Set when delivery was given up (a 4xx answer, no webhook any more, or retries exhausted). */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  failedAt!: Date | null;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ type: 'smallint', nullable: true })
  lastStatus!: number | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError!: string | null;
}
