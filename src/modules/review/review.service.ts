import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { decodeCursor, Page, toPage } from '../../common/pagination/page';
import { AuditService } from '../audit/audit.service';
import { MatchRow, MatchesService, SELECT_MATCH } from '../matches/matches.service';
import { Notice } from '../notifications/notification-kinds';
import { NotificationsService } from '../notifications/notifications.service';
import { parseCountryFilter } from '../stats/country-pair';
import { AdminMatchQueryDto, AdminMatchResponseDto, BulkReviewResponseDto, Decision, REVIEW_RESULTS, ReviewDecisionDto, ReviewOutcomeDto, ReviewResult } from './review.dto';

/** The review queue's order, as indexed by ix_matches_review_queue (within a status) and ix_matches_priority: no-thanks pairs (NULL) last. */
const SORT_KEY = 'coalesce(match_priority(m.score, m.offer_preference, m.need_preference), -1)';

/** What admins review: matches some side's scoring chose, or already decided, between two published listings. */
const REVIEWABLE = `(m.chosen_by_offer OR m.chosen_by_need OR m.status <> 'proposed') AND o.status = 'published' AND n.status = 'published'`;

const STATUS_OF: Record<Decision, 'approved' | 'rejected'> = { approve: 'approved', reject: 'rejected' };

interface DecidedRow {
  id: string;
  version: number;
  status: string;
  previous_status: string;
  offer_id: string;
  need_id: string;
  offer_party_id: string;
  need_party_id: string;
  offer_title: string;
  need_title: string;
}

interface Diagnosis {
  id: string;
  version: number;
  offer_status: string;
  need_status: string;
}

@Injectable()
export class ReviewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly matches: MatchesService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  /** The review queue, highest meeting priority first (both sides' wishes, then score). */
  async list(admin: AuthenticatedUser, query: AdminMatchQueryDto): Promise<Page<AdminMatchResponseDto>> {
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where = [REVIEWABLE];
    if (query.status) where.push(`m.status = ${param(query.status)}`);
    if (query.sector) where.push(`m.sector = ${param(query.sector)}`);
    if (query.minScore !== undefined) where.push(`m.score >= ${param(query.minScore)}`);
    if (query.country) {
      const filter = parseCountryFilter(query.country);
      if (!filter) throw new BadRequestException('country must be a country code such as TH or a pair such as CN-TH');
      if (filter.kind === 'either') {
        const country = param(filter.country);
        where.push(`(o.party_country = ${country} OR n.party_country = ${country})`);
      } else {
        const [a, b] = [param(filter.countries[0]), param(filter.countries[1])];
        where.push(`((o.party_country = ${a} AND n.party_country = ${b}) OR (o.party_country = ${b} AND n.party_country = ${a}))`);
      }
    }
    for (const [column, value] of [['m.offer_preference', query.offerPreference], ['m.need_preference', query.needPreference]] as const) {
      if (value === 'none') where.push(`${column} IS NULL`);
      else if (value) where.push(`${column} = ${param(value)}`);
    }
    if (query.wantedByBoth === true) where.push(`m.offer_preference IN ('must-meet', 'meet') AND m.need_preference IN ('must-meet', 'meet')`);
    if (query.wantedByBoth === false) where.push(`NOT (coalesce(m.offer_preference IN ('must-meet', 'meet') AND m.need_preference IN ('must-meet', 'meet'), false))`);
    const after = decodeCursor(query.cursor, 2);
    if (after) where.push(`(${SORT_KEY}, m.id) < (${param(after[0])}::real, ${param(after[1])}::uuid)`);

    const rows: MatchRow[] = await this.dataSource.query(
      `${SELECT_MATCH} WHERE ${where.join(' AND ')} ORDER BY ${SORT_KEY} DESC, m.id DESC LIMIT ${query.limit + 1}`,
      params,
    );
    return toPage(rows, query.limit, (row) => this.toResponse(row, admin), (row) => [row.priority ?? -1, row.id]);
  }

  async findOne(admin: AuthenticatedUser, id: string): Promise<AdminMatchResponseDto> {
    const [row]: MatchRow[] = await this.dataSource.query(`${SELECT_MATCH} WHERE m.id = $1`, [id]);
    if (!row) throw new NotFoundException('match not found');
    return this.toResponse(row, admin);
  }

  /** One decision: 404 for an unknown match, 409 for a stale version or a listing no longer published. */
  async decideOne(admin: AuthenticatedUser, id: string, decision: Decision, version: number, note: string | undefined): Promise<AdminMatchResponseDto> {
    const [outcome] = await this.dataSource.transaction((manager) => this.apply(manager, admin, [{ id, version, decision, note }]));
    if (outcome.result === 'not-found') throw new NotFoundException('match not found');
    if (outcome.result === 'conflict') throw new ConflictException({ message: outcome.message, details: [{ id, version: outcome.version }] });
    return this.findOne(admin, id);
  }

  /**
   * Up to 500 decisions in one transaction: each answered ok / not-found / conflict / invalid, and
   * every valid, current one applied; a bad item never holds the others back.
   */
  async decideMany(admin: AuthenticatedUser, items: Record<string, unknown>[]): Promise<BulkReviewResponseDto> {
    const results: ReviewOutcomeDto[] = new Array(items.length);
    const valid: { index: number; decision: ReviewDecisionDto }[] = [];
    const seen = new Set<string>();
    items.forEach((item, index) => {
      const decision = plainToInstance(ReviewDecisionDto, item);
      const errors = validateSync(decision, { whitelist: true, forbidNonWhitelisted: true });
      const id = typeof item.id === 'string' ? item.id : String(item.id);
      if (errors.length) {
        const message = errors.flatMap((error) => (error.constraints ? Object.values(error.constraints) : [`property ${error.property} is not valid`])).join('; ');
        results[index] = { id, result: 'invalid', message };
      } else if (seen.has(decision.id.toLowerCase())) {
        results[index] = { id, result: 'conflict', message: 'this match is decided twice in the request; the first decision counts' };
      } else {
        seen.add(decision.id.toLowerCase());
        valid.push({ index, decision });
      }
    });
    if (valid.length) {
      const outcomes = await this.dataSource.transaction((manager) => this.apply(manager, admin, valid.map((v) => v.decision)));
      outcomes.forEach((outcome, i) => (results[valid[i].index] = outcome));
    }
    const counts = Object.fromEntries(REVIEW_RESULTS.map((result) => [result, 0])) as Record<ReviewResult, number>;
    for (const result of results) counts[result.result] += 1;
    return { results, counts };
  }

  /**
   * The version-checked UPDATE for all decisions at once: a row changes only when its version is
   * the one the admin read, so of concurrent decisions exactly one wins and the others see 0 rows.
   * Approval also needs both listings published; rejection is always possible.
   */
  private async apply(
    manager: EntityManager,
    admin: AuthenticatedUser,
    decisions: { id: string; version: number; decision: Decision; note?: string }[],
  ): Promise<ReviewOutcomeDto[]> {
    const input = decisions.map((d) => ({ id: d.id, version: d.version, status: STATUS_OF[d.decision], note: d.note ?? null }));
    const [decided]: [DecidedRow[], number] = await manager.query(
      `UPDATE matches m
          SET status = d.status, review_note = d.note, reviewed_by = $2, reviewed_at = now(), version = m.version + 1, updated_at = now()
         FROM jsonb_to_recordset($1::jsonb) AS d(id uuid, version int, status varchar, note varchar),
              listings o, listings n, matches before
        WHERE m.id = d.id AND m.version = d.version AND before.id = m.id
          AND o.id = m.offer_id AND n.id = m.need_id
          AND (d.status = 'rejected' OR (o.status = 'published' AND n.status = 'published'))
      RETURNING m.id, m.version, m.status, before.status AS previous_status, m.offer_id, m.need_id, m.offer_party_id, m.need_party_id,
                o.title AS offer_title, n.title AS need_title`,
      [JSON.stringify(input), admin.userId],
    );
    const byId = new Map(decided.map((row) => [row.id, row]));
    const missed = input.filter((d) => !byId.has(d.id.toLowerCase()));
    const diagnoses: Diagnosis[] = missed.length
      ? await manager.query(
          `SELECT m.id, m.version, o.status AS offer_status, n.status AS need_status
             FROM matches m JOIN listings o ON o.id = m.offer_id JOIN listings n ON n.id = m.need_id
            WHERE m.id = ANY($1::uuid[])`,
          [missed.map((d) => d.id)],
        )
      : [];
    const diagnosisOf = new Map(diagnoses.map((row) => [row.id, row]));

    for (const row of decided) {
      const note = input.find((d) => d.id.toLowerCase() === row.id)?.note ?? null;
      await this.audit.record(manager, {
        actor: admin,
        action: row.status === 'approved' ? 'match.approved' : 'match.rejected',
        objectType: 'match',
        objectId: row.id,
        summary: { note, version: row.version, previousStatus: row.previous_status },
      });
    }
    const approvals = decided.filter((row) => row.status === 'approved' && row.previous_status !== 'approved');
    await this.notifications.notifyParties(manager, approvals.flatMap(approvalNotices));

    return input.map((d): ReviewOutcomeDto => {
      const row = byId.get(d.id.toLowerCase());
      if (row) return { id: d.id, result: 'ok', status: row.status, version: row.version };
      const diagnosis = diagnosisOf.get(d.id.toLowerCase());
      if (!diagnosis) return { id: d.id, result: 'not-found', message: 'match not found' };
      if (diagnosis.version !== d.version) {
        return { id: d.id, result: 'conflict', version: diagnosis.version, message: `version ${d.version} is stale: the match is at version ${diagnosis.version}; reload it and decide again` };
      }
      const ended = diagnosis.offer_status !== 'published' ? `the offer is ${diagnosis.offer_status}` : `the need is ${diagnosis.need_status}`;
      return { id: d.id, result: 'conflict', version: diagnosis.version, message: `${ended}; only matches of published listings are approved` };
    });
  }

  private toResponse(row: MatchRow, admin: AuthenticatedUser): AdminMatchResponseDto {
    return {
      ...this.matches.toResponse(row, admin),
      priority: row.priority,
      reviewNote: row.review_note,
      reviewedBy: row.reviewed_by,
      reviewedAt: row.reviewed_at,
    };
  }
}

function approvalNotices(row: DecidedRow): Notice[] {
  const data = { matchId: row.id, offerId: row.offer_id, needId: row.need_id };
  const title = `Introduction approved: “${row.offer_title}” ↔ “${row.need_title}”`;
  return [
    { partyId: row.offer_party_id, kind: 'match-approved', title, data: { ...data, listingId: row.offer_id } },
    { partyId: row.need_party_id, kind: 'match-approved', title, data: { ...data, listingId: row.need_id } },
  ];
}
