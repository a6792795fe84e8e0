import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Party } from './party.entity';

/** A colleague invited to join a party; only a hash of the token is kept. */
@Entity('invitations')
export class Invitation {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index()
  @Column({ type: 'uuid' })
  partyId!: string;

  @ManyToOne(() => Party, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'party_id' })
  party?: Party;

  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Index('uq_invitations_token_hash', { unique: true })
  @Column({ type: 'char', length: 64 })
  tokenHash!: string;

  @Column({ type: 'uuid' })
  invitedBy!: string;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  acceptedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}
