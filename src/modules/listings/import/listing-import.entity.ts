import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const IMPORT_FORMATS = ['csv', 'json'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** queued -> running -> completed; failed only when the job gave up on something retrying cannot fix. */
export type ImportStatus = 'queued' | 'running' | 'completed' | 'failed';

/**
 * One bulk import of listings. Its rows are stored with it before the job is queued, so an import
 * that was accepted survives Redis losing the job or a worker dying halfway: the worker re-queues
 * unfinished imports, and finished rows are never processed twice.
 */
@Entity('listing_imports')
@Index('ix_listing_imports_status', ['status', 'updatedAt'])
export class ListingImport {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 4 })
  format!: ImportFormat;

  @Column({ type: 'varchar', length: 10 })
  status!: ImportStatus;

  /** The admin who imported; the actor of every listing's audit entry. */
  @Column({ type: 'uuid' })
  requestedBy!: string;

  @Column({ type: 'int' })
  totalRows!: number;

  @Column({ type: 'int', default: 0 })
  processedRows!: number;

  @Column({ type: 'int', default: 0 })
  importedCount!: number;

  @Column({ type: 'int', default: 0 })
  rejectedCount!: number;

  /** Why the job gave up, when it did; rejected rows are not failures. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  failure!: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
