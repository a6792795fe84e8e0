import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Who did what to which object, and when; written in the transaction of the change it records. */
@Entity('audit_entries')
@Index('ix_audit_entries_object', ['objectType', 'objectId', 'createdAt'])
@Index('ix_audit_entries_created', ['createdAt'])
export class AuditEntry {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Null for the system (jobs, start-up). */
  @Column({ type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ type: 'varchar', length: 10 })
  actorRole!: string;

  @Column({ type: 'varchar', length: 60 })
  action!: string;

  @Column({ type: 'varchar', length: 30 })
  objectType!: string;

  @Column({ type: 'uuid' })
  objectId!: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  summary!: Record<string, unknown>;

  @Column({ type: 'varchar', length: 128, nullable: true })
  requestId!: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}
