import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { Region } from '../../common/geography/regions';

export const PARTY_KINDS = ['enterprise', 'university', 'research-institute', 'government-agency', 'intermediary'] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];

export const SIZE_BANDS = ['micro', 'small', 'medium', 'large'] as const;
export type SizeBand = (typeof SIZE_BANDS)[number];

@Entity('parties')
export class Party {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'char', length: 2 })
  country!: string;

  /** Derived from the country when written; stored so SQL can filter and group by it. */
  @Column({ type: 'varchar', length: 10 })
  region!: Region;

  @Column({ type: 'varchar', length: 30 })
  kind!: PartyKind;

  @Column({ type: 'varchar', length: 10, nullable: true })
  sizeBand!: SizeBand | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  website!: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  description!: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  languages!: string[];

  @Column({ type: 'varchar', length: 254, nullable: true })
  contactEmail!: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;

  @VersionColumn()
  version!: number;
}
