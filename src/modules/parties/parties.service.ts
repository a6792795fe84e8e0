import { createHash, randomBytes } from 'node:crypto';
import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, MoreThan } from 'typeorm';
import { AccessPolicy } from '../../common/auth/access-policy';
import { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { AuditService } from '../audit/audit.service';
import { OutboxService } from '../outbox/outbox.service';
import { Invitation } from './invitation.entity';
import { CreatePartyDto, InvitationResponseDto, partyColumns, UpdatePartyDto } from './party.dto';
import { Party } from './party.entity';

const INVITATION_TTL_DAYS = 14;

export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

@Injectable()
export class PartiesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  /** Creates a party inside the caller's transaction (registration creates user and party together). */
  async create(manager: EntityManager, dto: CreatePartyDto): Promise<Party> {
    return manager.save(manager.create(Party, { languages: [], ...partyColumns(dto) }));
  }

  /** Party profiles are public to every signed-in user: the forum is about finding each other. */
  async findById(id: string): Promise<Party> {
    const party = await this.dataSource.getRepository(Party).findOneBy({ id });
    if (!party) throw new NotFoundException('party not found');
    return party;
  }

  async update(user: AuthenticatedUser, id: string, dto: UpdatePartyDto): Promise<Party> {
    return this.dataSource.transaction(async (manager) => {
      const party = await manager.findOne(Party, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!party) throw new NotFoundException('party not found');
      if (!AccessPolicy.ownsParty(user, id)) throw new ForbiddenException('only members of this party may change it');
      const changes = partyColumns(dto);
      const changed = Object.keys(changes).filter((key) => JSON.stringify(changes[key as keyof Party]) !== JSON.stringify(party[key as keyof Party]));
      Object.assign(party, changes);
      const saved = await manager.save(party);
      const listingsMoved = changed.includes('country') ? await this.moveListings(manager, saved) : 0;
      await this.audit.record(manager, { actor: user, action: 'party.updated', objectType: 'party', objectId: id, summary: { changed, ...(listingsMoved ? { listingsMoved } : {}) } });
      return saved;
    });
  }

  /**
   * A listing carries its party's country (the geography factor, the target-country gate, country
   * filters and the country pairs of the statistics), so the listings move with the party: a new
   * revision each, and the published ones are scored again. Returns how many moved.
   */
  private async moveListings(manager: EntityManager, party: Party): Promise<number> {
    const [moved]: [{ id: string; revision: number; status: string }[], number] = await manager.query(
      `UPDATE listings SET party_country = $2, party_region = $3, revision = revision + 1, updated_at = now()
        WHERE party_id = $1 AND party_country <> $2
       RETURNING id, revision, status`,
      [party.id, party.country, party.region],
    );
    await this.outbox.announceListingChanges(manager, 'listing.updated', moved.filter((listing) => listing.status === 'published'));
    return moved.length;
  }

  async invite(user: AuthenticatedUser, partyId: string, email: string): Promise<InvitationResponseDto> {
    if (!AccessPolicy.ownsParty(user, partyId)) throw new ForbiddenException('only members of this party may invite colleagues');
    const token = randomBytes(24).toString('base64url');
    const expiresAt = new Date(Date.now() + INVITATION_TTL_DAYS * 24 * 3600 * 1000);
    return this.dataSource.transaction(async (manager) => {
      const invitation = await manager.save(
        manager.create(Invitation, { partyId, email: email.toLowerCase(), tokenHash: hashInvitationToken(token), invitedBy: user.userId, expiresAt }),
      );
      await this.audit.record(manager, { actor: user, action: 'party.invitation-created', objectType: 'party', objectId: partyId, summary: { email: invitation.email } });
      return { id: invitation.id, email: invitation.email, token, expiresAt: expiresAt.toISOString() };
    });
  }

  /** Consumes an invitation inside the registration transaction; the row lock stops a token being used twice. */
  async acceptInvitation(manager: EntityManager, token: string, email: string): Promise<Party | null> {
    const invitation = await manager.findOne(Invitation, {
      where: { tokenHash: hashInvitationToken(token), acceptedAt: IsNull(), expiresAt: MoreThan(new Date()) },
      lock: { mode: 'pessimistic_write' },
    });
    if (!invitation || invitation.email !== email.toLowerCase()) return null;
    invitation.acceptedAt = new Date();
    await manager.save(invitation);
    return manager.findOneByOrFail(Party, { id: invitation.partyId });
  }
}
