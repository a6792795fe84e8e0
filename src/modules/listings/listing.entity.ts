import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Region } from '../../common/geography/regions';
import type { Sector } from '../matching/taxonomy/taxonomy.types';
import { Party } from '../parties/party.entity';
import type { IpStatus, ListingKind, ListingStatus, Stage, TransferMode } from './listing.constants';

/**
 * A technology offer or need. One table for both: they share every column but a few, and the
 * matcher reads both sides with the same indexes. The GIN indexes with intarray operator classes
 * are created by hand in the migration (TypeORM cannot express operator classes), hence
 * `synchronize: false` on them.
 */
@Entity('listings')
@Index('ix_listings_kind_status_published', ['kind', 'status', 'publishedAt'])
@Index('ix_listings_party', ['partyId', 'createdAt'])
@Index('ix_listings_concepts', { synchronize: false })
@Index('ix_listings_fields', { synchronize: false })
@Index('ix_listings_transfer_modes', { synchronize: false })
@Index('ix_listings_search', { synchronize: false })
@Index('ix_listings_unscored', { synchronize: false })
@Index('ix_listings_sector', ['sector', 'status'])
@Index('ix_listings_country', ['partyCountry', 'status'])
@Index('ix_listings_expiry', ['status', 'expiresAt'])
export class Listing {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 5 })
  kind!: ListingKind;

  @Column({ type: 'uuid' })
  partyId!: string;

  @ManyToOne(() => Party, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'party_id' })
  party?: Party;

  /** Copied from the party so the matcher's SQL gates and the country filters need no join. */
  @Column({ type: 'char', length: 2 })
  partyCountry!: string;

  @Column({ type: 'varchar', length: 10 })
  partyRegion!: Region;

  @Column({ type: 'varchar', length: 12 })
  status!: ListingStatus;

  /** Bumped by every change; the scoring job id is derived from (id, revision). */
  @Column({ type: 'int', default: 1 })
  revision!: number;

  @Column({ type: 'varchar', length: 256 })
  title!: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  summary!: string | null;

  @Column({ type: 'varchar', length: 4000 })
  description!: string;

  /** Offers: advantages and innovation. */
  @Column({ type: 'varchar', length: 2000, nullable: true })
  advantages!: string | null;

  /** Needs: what the technology must do. */
  @Column({ type: 'varchar', length: 2000, nullable: true })
  requirements!: string | null;

  /** Declared by the party, else detected. */
  @Column({ type: 'varchar', length: 35 })
  language!: string;

  @Column({ type: 'varchar', length: 8 })
  detectedLanguage!: string;

  @Column({ type: 'real', default: 0 })
  languageConfidence!: number;

  @Column({ type: 'varchar', length: 30 })
  sector!: Sector;

  /** True when the party gave no sector and the text analysis chose it. */
  @Column({ type: 'boolean', default: false })
  sectorSuggested!: boolean;

  @Column({ type: 'real', nullable: true })
  sectorConfidence!: number | null;

  /** Field codes the party chose; `fieldIds` adds the fields of the concepts found in the text. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  declaredFields!: string[];

  @Column({ type: 'int', array: true, default: () => "'{}'" })
  fieldIds!: number[];

  @Column({ type: 'int', array: true, default: () => "'{}'" })
  conceptIds!: number[];

  @Column({ type: 'jsonb', default: () => "'{}'" })
  conceptCounts!: Record<string, number>;

  @Column({ type: 'jsonb', default: () => "'{}'", select: false })
  termFrequencies!: Record<string, number>;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  keywords!: string[];

  @Column({ type: 'smallint', array: true, default: () => "'{}'" })
  sdgs!: number[];

  @Column({ type: 'smallint', nullable: true })
  trl!: number | null;

  @Column({ type: 'smallint', nullable: true })
  minTrl!: number | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  stage!: Stage | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  ipStatus!: IpStatus | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  transferModes!: TransferMode[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  targetCountries!: string[];

  @Column({ type: 'date', nullable: true })
  deadline!: string | null;

  /**
   * Segmented words, CJK bigrams and diacritic-free forms, so `simple` full-text works in every
   * language. Indexed by the expression `to_tsvector('simple', search_document)` rather than a
   * generated column: TypeORM's migration generator records generated columns per database name.
   */
  @Column({ type: 'text', default: '', select: false })
  searchDocument!: string;

  /** What the quality check found missing or weak, shown to the owner. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  qualityIssues!: { code: string; message: string }[];

  @Column({ type: 'varchar', length: 2000, nullable: true })
  reviewNote!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  expiryNoticeSentAt!: Date | null;

  /** Taxonomy version of the text analysis; the matcher re-analyses listings analysed with an older one. */
  @Column({ type: 'varchar', length: 30 })
  taxonomyVersion!: string;

  /** The revision the matcher last scored; the reconciler re-queues published listings behind. */
  @Column({ type: 'int', nullable: true })
  scoredRevision!: number | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
