import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ListingImport } from './listing-import.entity';
import type { RowError } from './listing-import-row';

export type ImportRowStatus = 'pending' | 'imported' | 'rejected';

/** The cells of a CSV row, or the item of a JSON array, as received. */
export type ImportRowPayload = { cells: Record<string, string>; extraCells: number } | { item: unknown };

/**
 * One row of an import, with its outcome. A row moves from pending in the same transaction that
 * creates its listing, which is what makes a re-run job skip it.
 */
@Entity('listing_import_rows')
@Index('ix_listing_import_rows_pending', { synchronize: false })
export class ListingImportRow {
  @PrimaryColumn({ type: 'uuid' })
  importId!: string;

  /** CSV: the spreadsheet row (the header is row 1). JSON: the position in the array, from 1. */
  @PrimaryColumn({ type: 'int' })
  rowNumber!: number;

  @ManyToOne(() => ListingImport, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'import_id' })
  listingImport?: ListingImport;

  @Column({ type: 'jsonb' })
  payload!: ImportRowPayload;

  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status!: ImportRowStatus;

  @Column({ type: 'uuid', nullable: true })
  listingId!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  errors!: RowError[] | null;
}
