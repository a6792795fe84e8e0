import { Column, Entity, Index, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { Listing } from '../listings/listing.entity';

/**
 * The compact matching profile of each published listing: what candidate retrieval reads (the
 * hard gates and the concept and field ids), about a tenth of a listing row, so the GIN lookups
 * touch few pages. Kept by a trigger on `listings` (migration AddMatchProfiles): a row exists
 * exactly while its listing is published, whichever code path (API, import, expiry, SQL) wrote it.
 * Never written by the application.
 */
@Entity('match_profiles')
@Index('ix_match_profiles_offer_concepts', { synchronize: false })
@Index('ix_match_profiles_need_concepts', { synchronize: false })
@Index('ix_match_profiles_offer_fields', { synchronize: false })
@Index('ix_match_profiles_need_fields', { synchronize: false })
export class MatchProfile {
  @PrimaryColumn({ type: 'uuid' })
  listingId!: string;

  @OneToOne(() => Listing, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'listing_id' })
  listing?: Listing;

  @Column({ type: 'varchar', length: 5 })
  kind!: 'offer' | 'need';

  @Column({ type: 'uuid' })
  partyId!: string;

  @Column({ type: 'char', length: 2 })
  partyCountry!: string;

  /** Lets retrieval skip the word counts of candidates whose text cannot be compared anyway. */
  @Column({ type: 'varchar', length: 35 })
  language!: string;

  @Column({ type: 'int', array: true })
  conceptIds!: number[];

  @Column({ type: 'int', array: true })
  fieldIds!: number[];

  @Column({ type: 'smallint', nullable: true })
  trl!: number | null;

  @Column({ type: 'smallint', nullable: true })
  minTrl!: number | null;

  @Column({ type: 'text', array: true })
  transferModes!: string[];

  @Column({ type: 'text', array: true })
  targetCountries!: string[];

  @Column({ type: 'int' })
  revision!: number;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;
}
