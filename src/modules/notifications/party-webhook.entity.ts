import { Column, CreateDateColumn, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Party } from '../parties/party.entity';

/** A party's optional outgoing webhook: every notification of the party is POSTed there, signed. */
@Entity('party_webhooks')
export class PartyWebhook {
  @PrimaryColumn({ type: 'uuid' })
  partyId!: string;

  @OneToOne(() => Party, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'party_id' })
  party?: Party;

  @Column({ type: 'varchar', length: 500 })
  url!: string;

  /** The HMAC key, sealed (webhook-secret-box.ts): the worker must sign with it, so it is encrypted, not hashed; never returned after it is set. */
  @Column({ type: 'text', select: false })
  secret!: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
