import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessPolicy } from '../../common/auth/access-policy';
import { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { decodeCursor, Page, PageQueryDto, toPage } from '../../common/pagination/page';
import { ListingKind } from '../listings/listing.constants';
import { TaxonomyService } from '../matching/taxonomy/taxonomy.service';
import { TAXONOMY_LANGUAGES, TaxonomyLanguage } from '../matching/taxonomy/taxonomy.types';
import { RecommendationQueryDto } from './match-actions.dto';
import { StoredExplanation } from './match.entity';
import { ListingSummaryDto, MatchResponseDto } from './match-response.dto';
import { preparedQuery } from './prepared-query';
import { JsonPage, jsonPage, RecommendationPageCache } from './recommendation-page-cache';

export interface MatchRow {
  id: string;
  score: number;
  explanation: StoredExplanation;
  status: string;
  offer_preference: string | null;
  need_preference: string | null;
  algorithm_version: string;
  version: number;
  /** ISO 8601 text made by PostgreSQL: parsing timestamps into Dates was a fifth of a list's CPU in Node. */
  updated_at: string;
  priority: number | null;
  review_note: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  o_id: string; o_title: string; o_summary: string | null; o_language: string; o_sector: string; o_party_id: string; o_party_name: string; o_country: string;
  n_id: string; n_title: string; n_summary: string | null; n_language: string; n_sector: string; n_party_id: string; n_party_name: string; n_country: string;
}

/** A timestamptz as the text Date.toISOString() gives (UTC, milliseconds). */
const isoText = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export const SELECT_MATCH = `
  SELECT m.id, m.score, m.explanation, m.status, m.offer_preference, m.need_preference, m.algorithm_version, m.version,
         ${isoText('m.updated_at')} AS updated_at,
         match_priority(m.score, m.offer_preference, m.need_preference) AS priority, m.review_note, m.reviewed_by,
         ${isoText('m.reviewed_at')} AS reviewed_at,
         o.id AS o_id, o.title AS o_title, o.summary AS o_summary, o.language AS o_language, o.sector AS o_sector,
         o.party_id AS o_party_id, op.name AS o_party_name, o.party_country AS o_country,
         n.id AS n_id, n.title AS n_title, n.summary AS n_summary, n.language AS n_language, n.sector AS n_sector,
         n.party_id AS n_party_id, np.name AS n_party_name, n.party_country AS n_country
    FROM matches m
    JOIN listings o ON o.id = m.offer_id
    JOIN listings n ON n.id = m.need_id
    JOIN parties op ON op.id = o.party_id
    JOIN parties np ON np.id = n.party_id`;

/**
 * What parties may see of a match: chosen by either side's scoring (or approved), not rejected,
 * and both listings still published (a withdrawn or expired counterpart leaves every list).
 */
export const VISIBLE_TO_PARTIES = `(m.chosen_by_offer OR m.chosen_by_need OR m.status = 'approved') AND m.status <> 'rejected'
  AND o.status = 'published' AND n.status = 'published'`;

@Injectable()
export class MatchesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly taxonomy: TaxonomyService,
    private readonly pageCache: RecommendationPageCache,
  ) {}

  /**
   * Ranked matches of one listing, for its owner or an admin; anyone else gets 404. As the JSON
   * sent (not re-serialised): an owner's pages come from the page cache (a listing never changes
   * party, so a page kept for the owner's party proves ownership).
   */
  async forListing(user: AuthenticatedUser, kind: ListingKind, listingId: string, page: PageQueryDto): Promise<JsonPage> {
    const read = async () => {
      const [listing] = await this.dataSource.query('SELECT party_id FROM listings WHERE id = $1 AND kind = $2', [listingId, kind]);
      AccessPolicy.visibleOr404(listing as { party_id: string } | undefined, (l) => AccessPolicy.canSee(user, l.party_id, false), kind);
      const column = kind === 'offer' ? 'm.offer_id' : 'm.need_id';
      const visibility = AccessPolicy.isAdmin(user) ? 'true' : VISIBLE_TO_PARTIES;
      return this.rankedPage(user, [`${column} = $1 AND ${visibility}`], [listingId], page);
    };
    if (AccessPolicy.isAdmin(user) || !user.partyId) return read();
    return this.pageCache.page(user.partyId, `${kind}:${listingId}:${page.limit}:${page.cursor ?? ''}`, read);
  }

  /** Every visible match of the caller's party, best first, as the JSON sent; `status=approved` gives the approved introductions. */
  async forParty(user: AuthenticatedUser, query: RecommendationQueryDto): Promise<JsonPage> {
    const partyId = user.partyId;
    if (!partyId) return jsonPage({ items: [], nextCursor: null } satisfies Page<MatchResponseDto>);
    const status = query.status ? ' AND m.status = $2' : '';
    // One index-ordered scan per side, not an OR: each stops after a page, where an OR must sort all of the party's matches.
    const sides = [`m.offer_party_id = $1 AND ${VISIBLE_TO_PARTIES}${status}`, `m.need_party_id = $1 AND m.offer_party_id <> $1 AND ${VISIBLE_TO_PARTIES}${status}`];
    return this.pageCache.page(partyId, `party:${query.status ?? ''}:${query.limit}:${query.cursor ?? ''}`, () =>
      this.rankedPage(user, sides, query.status ? [partyId, query.status] : [partyId], query),
    );
  }

  /** One match as a member of either side sees it; 404 for anyone else and for matches hidden from parties. */
  async findForParty(user: AuthenticatedUser, id: string): Promise<MatchResponseDto> {
    const [row]: MatchRow[] = await this.dataSource.query(
      `${SELECT_MATCH} WHERE m.id = $1 AND (m.offer_party_id = $2 OR m.need_party_id = $2) AND ${VISIBLE_TO_PARTIES}`,
      [id, user.partyId],
    );
    if (!row) throw new NotFoundException('match not found');
    return this.toResponse(row, user);
  }

  /**
   * Two steps: the page's ids through index-ordered scans (one per `scans` condition, merged), then
   * the full rows of those ids only, so the explanations of the matches beyond the page are never
   * read. The statement also returns its snapshot (one row of nulls besides it when the page is
   * empty), which the page cache checks later changes against.
   */
  private async rankedPage(user: AuthenticatedUser, scans: string[], params: unknown[], page: PageQueryDto): Promise<JsonPage & { snapshot: string }> {
    const after = decodeCursor(page.cursor, 2);
    const values = [...params, page.limit + 1];
    const limit = `$${values.length}::int`;
    if (after) values.push(after[0], after[1]);
    const keyset = after ? ` AND (m.score, m.id) < ($${values.length - 1}::real, $${values.length}::uuid)` : '';
    const scan = (where: string) => `(SELECT m.id, m.score FROM matches m JOIN listings o ON o.id = m.offer_id JOIN listings n ON n.id = m.need_id
       WHERE ${where}${keyset} ORDER BY m.score DESC, m.id DESC LIMIT ${limit})`;
    const ids = scans.length === 1 ? scan(scans[0]) : `SELECT id, score FROM (${scans.map(scan).join(' UNION ALL ')}) AS scans ORDER BY score DESC, id DESC LIMIT ${limit}`;
    const rows = await preparedQuery<MatchRow & { snapshot: string }>(
      this.dataSource,
      `WITH page AS (${ids}), page_rows AS (${SELECT_MATCH} JOIN page ON page.id = m.id)
       SELECT page_rows.*, statement.snapshot FROM (SELECT pg_current_snapshot()::text AS snapshot) statement
         LEFT JOIN page_rows ON true ORDER BY page_rows.score DESC, page_rows.id DESC`,
      values,
    );
    const matchRows = rows[0].id === null ? [] : rows;
    const items = toPage(matchRows, page.limit, (row) => this.toResponse(row, user), (row) => [row.score, row.id]);
    return { ...jsonPage(items), snapshot: rows[0].snapshot };
  }

  toResponse(row: MatchRow, user: AuthenticatedUser): MatchResponseDto {
    const offer = summary(row, 'o', 'offer');
    const need = summary(row, 'n', 'need');
    const counterpart = AccessPolicy.ownsParty(user, offer.partyId) ? need : AccessPolicy.ownsParty(user, need.partyId) ? offer : undefined;
    const languages = new Set<TaxonomyLanguage>(['en']);
    for (const language of [offer.language, need.language]) {
      const primary = language.slice(0, 2) as TaxonomyLanguage;
      if (TAXONOMY_LANGUAGES.includes(primary)) languages.add(primary);
    }
    const sharedConcepts = row.explanation.sharedConceptIds.flatMap((id) => {
      const concept = this.taxonomy.lookup.conceptById(id);
      if (!concept) return [];
      return [{ id, code: concept.code, labels: Object.fromEntries([...languages].map((language) => [language, concept.labels[language]])) }];
    });
    return {
      id: row.id,
      offer,
      need,
      ...(counterpart ? { counterpart } : {}),
      score: row.score,
      explanation: { factors: row.explanation.factors, sharedConcepts },
      status: row.status,
      offerPreference: row.offer_preference,
      needPreference: row.need_preference,
      algorithmVersion: row.algorithm_version,
      version: row.version,
      updatedAt: row.updated_at,
    };
  }
}

function summary(row: MatchRow, prefix: 'o' | 'n', kind: ListingKind): ListingSummaryDto {
  const get = <K extends string>(key: K) => row[`${prefix}_${key}` as keyof MatchRow];
  return {
    id: get('id') as string,
    kind,
    title: get('title') as string,
    summary: get('summary') as string | null,
    language: get('language') as string,
    sector: get('sector') as string,
    partyId: get('party_id') as string,
    partyName: get('party_name') as string,
    country: (get('country') as string).trim(),
  };
}
