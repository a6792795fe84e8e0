import { BadRequestException, ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { AccessPolicy } from '../../common/auth/access-policy';
import { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { decodeCursor, Page, toPage } from '../../common/pagination/page';
import { AppConfig } from '../../config/app-config.service';
import { AuditService } from '../audit/audit.service';
import { buildSearchQuery } from '../matching/text/search-document';
import { TaxonomyService } from '../matching/taxonomy/taxonomy.service';
import { ListingTopic, OutboxService } from '../outbox/outbox.service';
import { Party } from '../parties/party.entity';
import { LISTING_LIFETIME_DAYS, ListingKind, ListingStatus } from './listing.constants';
import { AdminListingQueryDto, CreateListingDto, ListingQueryDto, UpdateListingDto } from './listing.dto';
import { Listing } from './listing.entity';
import { assessListingQuality } from './listing-quality';
import { listingAnalysisInput } from './listing-text';

const DAY_MS = 24 * 3600 * 1000;
/** Statuses in which the owner may still edit the text; published listings may be edited too (re-scored). */
const EDITABLE: ReadonlySet<ListingStatus> = new Set(['draft', 'submitted', 'rejected', 'published']);
const ENDED: ReadonlySet<ListingStatus> = new Set(['withdrawn', 'closed', 'expired']);

type ListingChanges = Partial<CreateListingDto> & { advantages?: string; requirements?: string; trl?: number; minTrl?: number };

@Injectable()
export class ListingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly taxonomy: TaxonomyService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  async create(user: AuthenticatedUser, kind: ListingKind, dto: CreateListingDto): Promise<Listing> {
    if (!user.partyId) throw new ForbiddenException('only members of a party submit listings');
    const partyId = user.partyId;
    return this.dataSource.transaction(async (manager) => {
      const party = await manager.findOneByOrFail(Party, { id: partyId });
      return this.createForParty(manager, user, party, kind, dto);
    });
  }

  /**
   * Creates a listing of `party` in the caller's transaction: a member for its own party, or an
   * admin importing on the party's behalf (`auditSummary` says from where). Whatever refuses the
   * body (field codes, sector) throws before the first write, so the transaction stays usable.
   */
  async createForParty(
    manager: EntityManager,
    actor: AuthenticatedUser,
    party: Party,
    kind: ListingKind,
    dto: CreateListingDto,
    auditSummary: Record<string, unknown> = {},
  ): Promise<Listing> {
    const listing = manager.create(Listing, {
      kind,
      partyId: party.id,
      partyCountry: party.country,
      partyRegion: party.region,
      revision: 1,
      status: 'draft',
      keywords: [],
      sdgs: [],
      transferModes: [],
      targetCountries: [],
      declaredFields: [],
    });
    this.applyChanges(listing, dto);
    const target = dto.status ?? 'submitted';
    if (target === 'submitted') this.submit(listing);
    // insert, not save: a new row has nothing to compare with, and save would diff and merge it first.
    await manager.insert(Listing, listing);
    await this.recordChange(manager, actor, listing, 'listing.created', 'listing.created', auditSummary);
    return listing;
  }

  async update(user: AuthenticatedUser, kind: ListingKind, id: string, dto: UpdateListingDto): Promise<Listing> {
    return this.dataSource.transaction(async (manager) => {
      const listing = await this.lockOwned(manager, user, kind, id);
      if (!EDITABLE.has(listing.status)) throw new ConflictException(`a ${listing.status} listing can no longer be changed`);
      if (dto.status === 'draft' && listing.status !== 'draft') throw new ConflictException('a listing cannot go back to draft once submitted');
      this.applyChanges(listing, dto);
      if (dto.status === 'submitted' && (listing.status === 'draft' || listing.status === 'rejected')) this.submit(listing);
      listing.revision += 1;
      const saved = await manager.save(listing);
      await this.recordChange(manager, user, saved, 'listing.updated', 'listing.updated', { changed: Object.keys(dto) });
      return saved;
    });
  }

  /** DELETE: the listing leaves every list and every recommendation, but stays for the audit trail. */
  async withdraw(user: AuthenticatedUser, kind: ListingKind, id: string): Promise<Listing> {
    return this.endListing(user, kind, id, 'withdrawn', 'listing.withdrawn');
  }

  async close(user: AuthenticatedUser, kind: ListingKind, id: string): Promise<Listing> {
    return this.endListing(user, kind, id, 'closed', 'listing.closed');
  }

  /** Another year of publication; an expired listing comes back. */
  async renew(user: AuthenticatedUser, kind: ListingKind, id: string): Promise<Listing> {
    return this.dataSource.transaction(async (manager) => {
      const listing = await this.lockOwned(manager, user, kind, id);
      if (listing.status !== 'published' && listing.status !== 'expired') throw new ConflictException('only published or expired listings are renewed');
      listing.status = 'published';
      listing.expiresAt = new Date(Date.now() + LISTING_LIFETIME_DAYS * DAY_MS);
      listing.expiryNoticeSentAt = null;
      listing.revision += 1;
      const saved = await manager.save(listing);
      await this.recordChange(manager, user, saved, 'listing.renewed', 'listing.renewed');
      return saved;
    });
  }

  async findVisible(user: AuthenticatedUser, kind: ListingKind, id: string): Promise<Listing> {
    const listing = await this.dataSource.getRepository(Listing).findOneBy({ id, kind });
    return AccessPolicy.visibleOr404(listing, (l) => AccessPolicy.canSee(user, l.partyId, l.status === 'published'), kind);
  }

  async search(user: AuthenticatedUser, kind: ListingKind, query: ListingQueryDto): Promise<Page<Listing>> {
    const builder = this.dataSource.getRepository(Listing).createQueryBuilder('listing').where('listing.kind = :kind', { kind });
    if (query.mine) {
      if (!user.partyId) throw new BadRequestException('mine=true needs a member of a party');
      builder.andWhere('listing.partyId = :partyId', { partyId: user.partyId });
      if (query.status) builder.andWhere('listing.status = :status', { status: query.status });
    } else if (AccessPolicy.isAdmin(user)) {
      builder.andWhere('listing.status = :status', { status: query.status ?? 'published' });
    } else {
      if (query.status && query.status !== 'published') throw new BadRequestException('other parties’ listings are visible only when published; use mine=true for your own');
      builder.andWhere("listing.status = 'published'");
    }
    if (query.sector) builder.andWhere('listing.sector = :sector', { sector: query.sector });
    if (query.country) builder.andWhere('listing.partyCountry = :country', { country: query.country });
    if (query.region) builder.andWhere('listing.partyRegion = :region', { region: query.region });
    if (query.transferMode) builder.andWhere(':mode = ANY(listing.transferModes)', { mode: query.transferMode });
    if (query.trlMin) builder.andWhere(kind === 'offer' ? 'listing.trl >= :trlMin' : 'listing.minTrl >= :trlMin', { trlMin: query.trlMin });
    if (query.q) this.whereMatchesText(builder, query.q);
    return this.page(builder, query.limit, query.cursor);
  }

  async listForReview(query: AdminListingQueryDto): Promise<Page<Listing>> {
    const builder = this.dataSource.getRepository(Listing).createQueryBuilder('listing').where('listing.status = :status', { status: query.status });
    return this.page(builder, query.limit, query.cursor);
  }

  async publish(admin: AuthenticatedUser, id: string, note?: string): Promise<Listing> {
    return this.review(admin, id, 'published', note ?? null);
  }

  async reject(admin: AuthenticatedUser, id: string, note: string): Promise<Listing> {
    return this.review(admin, id, 'rejected', note);
  }

  /** Loads another party's listing only to say 404, never 403: ids must leak nothing. */
  private async lockOwned(manager: EntityManager, user: AuthenticatedUser, kind: ListingKind, id: string): Promise<Listing> {
    const listing = await manager.findOne(Listing, { where: { id, kind }, lock: { mode: 'pessimistic_write' } });
    return AccessPolicy.visibleOr404(listing, (l) => AccessPolicy.ownsParty(user, l.partyId), kind);
  }

  private async review(admin: AuthenticatedUser, id: string, decision: 'published' | 'rejected', note: string | null): Promise<Listing> {
    return this.dataSource.transaction(async (manager) => {
      const listing = await manager.findOne(Listing, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!listing) throw new NotFoundException('listing not found');
      if (listing.status !== 'submitted') throw new ConflictException(`only submitted listings are reviewed; this one is ${listing.status}`);
      listing.reviewNote = note;
      if (decision === 'published') this.markPublished(listing);
      else listing.status = 'rejected';
      listing.revision += 1;
      const saved = await manager.save(listing);
      const action = decision === 'published' ? 'listing.published' : 'listing.rejected';
      await this.audit.record(manager, { actor: admin, action, objectType: 'listing', objectId: id, summary: { note, revision: saved.revision } });
      if (decision === 'published') await this.outbox.announceListingChange(manager, 'listing.published', saved.id, saved.revision);
      return saved;
    });
  }

  private async endListing(user: AuthenticatedUser, kind: ListingKind, id: string, status: 'withdrawn' | 'closed', topic: ListingTopic): Promise<Listing> {
    return this.dataSource.transaction(async (manager) => {
      const listing = await this.lockOwned(manager, user, kind, id);
      if (ENDED.has(listing.status)) throw new ConflictException(`the listing is already ${listing.status}`);
      listing.status = status;
      listing.revision += 1;
      const saved = await manager.save(listing);
      await this.recordChange(manager, user, saved, topic, topic);
      return saved;
    });
  }

  private submit(listing: Listing): void {
    listing.submittedAt = new Date();
    if (this.config.listings.reviewRequired) listing.status = 'submitted';
    else this.markPublished(listing);
  }

  private markPublished(listing: Listing): void {
    listing.status = 'published';
    listing.publishedAt = new Date();
    listing.expiresAt = new Date(Date.now() + LISTING_LIFETIME_DAYS * DAY_MS);
  }

  /** Copies the body onto the listing and re-derives everything the text decides (language, concepts, sector, search). */
  private applyChanges(listing: Listing, dto: ListingChanges): void {
    const { status: _status, fields, language, sector, ...plain } = dto;
    Object.assign(listing, plain);
    if (fields !== undefined) {
      const unknown = fields.filter((code) => !this.taxonomy.lookup.fieldByCode(code));
      if (unknown.length) throw new BadRequestException(`unknown field codes: ${unknown.join(', ')}; see the taxonomy's field codes`);
      listing.declaredFields = fields;
    }
    const declaredLanguage = language ?? (listing.language && listing.language !== listing.detectedLanguage ? listing.language : undefined);
    const analysis = this.taxonomy.analyze(listingAnalysisInput(listing, declaredLanguage));
    listing.language = declaredLanguage ?? analysis.language;
    listing.detectedLanguage = analysis.detectedLanguage;
    listing.languageConfidence = analysis.languageConfidence;
    listing.conceptIds = analysis.conceptIds;
    listing.conceptCounts = analysis.conceptCounts;
    listing.termFrequencies = analysis.termFrequencies;
    listing.searchDocument = analysis.searchDocument;
    listing.taxonomyVersion = this.taxonomy.version;
    const declaredFieldIds = listing.declaredFields.map((code) => this.taxonomy.lookup.fieldByCode(code)!.id);
    listing.fieldIds = [...new Set([...declaredFieldIds, ...analysis.fieldIds])].sort((a, b) => a - b);
    if (sector) {
      listing.sector = sector;
      listing.sectorSuggested = false;
      listing.sectorConfidence = null;
    } else if (!listing.sector || listing.sectorSuggested) {
      const fromFields = declaredFieldIds.length ? this.taxonomy.lookup.sectorOfField(declaredFieldIds[0]) : undefined;
      const suggestion = analysis.sectorSuggestion;
      if (!fromFields && !suggestion) {
        throw new BadRequestException('sector could not be suggested from the text; give sector (sustainable-development, health or digital)');
      }
      listing.sector = fromFields ?? suggestion!.sector;
      listing.sectorSuggested = true;
      listing.sectorConfidence = fromFields ? 1 : suggestion!.confidence;
    }
    if (listing.kind === 'offer' && dto.minTrl !== undefined) throw new BadRequestException('minTrl belongs to needs; offers give trl');
    listing.qualityIssues = assessListingQuality({
      kind: listing.kind,
      title: listing.title,
      summary: listing.summary,
      description: listing.description,
      advantages: listing.advantages,
      requirements: listing.requirements,
      keywords: listing.keywords,
      conceptCount: listing.conceptIds.length,
      language: listing.language,
    });
  }

  private async recordChange(
    manager: EntityManager,
    user: AuthenticatedUser,
    listing: Listing,
    topic: ListingTopic,
    action: string,
    summary: Record<string, unknown> = {},
  ): Promise<void> {
    await this.outbox.announceListingChange(manager, topic, listing.id, listing.revision);
    await this.audit.record(manager, { actor: user, action, objectType: 'listing', objectId: listing.id, summary: { ...summary, status: listing.status, revision: listing.revision } });
  }

  /** Every query word must match; words are built like the stored search document, so Chinese and Thai work. */
  private whereMatchesText(builder: SelectQueryBuilder<Listing>, q: string): void {
    const terms = buildSearchQuery(q);
    if (terms.length === 0) {
      builder.andWhere('false');
      return;
    }
    builder.andWhere("to_tsvector('simple', listing.search_document) @@ plainto_tsquery('simple', :terms)", { terms: terms.join(' ') });
  }

  private async page(builder: SelectQueryBuilder<Listing>, limit: number, cursor: string | undefined): Promise<Page<Listing>> {
    const after = decodeCursor(cursor, 2);
    if (after) {
      builder.andWhere(new Brackets((where) => where.where('(listing.createdAt, listing.id) < (:createdAt, :id)', { createdAt: after[0], id: after[1] })));
    }
    const rows = await builder.orderBy('listing.createdAt', 'DESC').addOrderBy('listing.id', 'DESC').take(limit + 1).getMany();
    return toPage(rows, limit, (row) => row, (row) => [row.createdAt.toISOString(), row.id]);
  }
}
