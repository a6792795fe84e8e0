import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { FEEDBACK_REASONS } from '../matches/match-feedback.entity';
import { LISTING_STATUSES } from '../listings/listing.constants';
import { SECTORS } from '../matching/taxonomy/taxonomy.types';
import { foldFunnel, FunnelCell } from './funnel';
import { MEETING_FUNNEL_SOURCE } from './meeting-funnel.source';
import { KindCountsDto, StatsResponseDto } from './stats.dto';

interface ListingCountRow {
  sector: string;
  country: string;
  status: string;
  kind: 'offer' | 'need';
  count: number;
}

const WANTED = `m.offer_preference IN ('must-meet', 'meet') AND m.need_preference IN ('must-meet', 'meet')`;

/**
 * The organisers' figures. Each part is one grouped query over the smallest grouping that answers
 * it; the breakdowns are folded in memory, so the tables are read once per part.
 */
@Injectable()
export class StatsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async stats(): Promise<StatsResponseDto> {
    const [listings, funnel, feedback] = await Promise.all([this.listingCounts(), this.funnelCells(), this.feedbackCounts()]);
    return {
      listings: foldListings(listings),
      funnel: foldFunnel(funnel, SECTORS),
      feedback,
      generatedAt: new Date().toISOString(),
    };
  }

  private listingCounts(): Promise<ListingCountRow[]> {
    return this.dataSource.query(
      `SELECT sector, party_country AS country, status, kind, count(*)::int AS count FROM listings GROUP BY sector, party_country, status, kind`,
    );
  }

  /**
   * "Proposed" is every match parties were shown or admins decided; the later stages are subsets
   * (approved; approved and wanted by both) except scheduled and agreements, which count what the
   * meetings recorded.
   */
  private async funnelCells(): Promise<FunnelCell[]> {
    const rows: { sector: string; offer_country: string; need_country: string; proposed: number; approved: number; wanted: number; scheduled: number; agreements: number }[] =
      await this.dataSource.query(
        `SELECT m.sector, o.party_country AS offer_country, n.party_country AS need_country,
                count(*)::int AS proposed,
                count(*) FILTER (WHERE m.status = 'approved')::int AS approved,
                count(*) FILTER (WHERE m.status = 'approved' AND ${WANTED})::int AS wanted,
                count(s.match_id)::int AS scheduled,
                count(a.match_id)::int AS agreements
           FROM matches m
           JOIN listings o ON o.id = m.offer_id
           JOIN listings n ON n.id = m.need_id
           LEFT JOIN (${MEETING_FUNNEL_SOURCE.scheduledMatchIds}) s ON s.match_id = m.id
           LEFT JOIN (${MEETING_FUNNEL_SOURCE.agreementMatchIds}) a ON a.match_id = m.id
          WHERE m.chosen_by_offer OR m.chosen_by_need OR m.status <> 'proposed'
          GROUP BY m.sector, o.party_country, n.party_country`,
      );
    return rows.map((row) => ({
      sector: row.sector,
      offerCountry: row.offer_country,
      needCountry: row.need_country,
      proposed: row.proposed,
      approved: row.approved,
      wantedByBoth: row.wanted,
      scheduled: row.scheduled,
      agreements: row.agreements,
    }));
  }

  private async feedbackCounts(): Promise<StatsResponseDto['feedback']> {
    const rows: { reason: string; count: number }[] = await this.dataSource.query(`SELECT reason, count(*)::int AS count FROM match_feedback GROUP BY reason`);
    const counts = new Map(rows.map((row) => [row.reason, row.count]));
    return {
      total: rows.reduce((sum, row) => sum + row.count, 0),
      byReason: FEEDBACK_REASONS.map((reason) => ({ reason, count: counts.get(reason) ?? 0 })),
    };
  }
}

function foldListings(rows: ListingCountRow[]): StatsResponseDto['listings'] {
  const tally = (keys: readonly string[], keyOf: (row: ListingCountRow) => string) => {
    const counts = new Map<string, KindCountsDto>(keys.map((key) => [key, { offers: 0, needs: 0, total: 0 }]));
    for (const row of rows) {
      const key = keyOf(row);
      if (!counts.has(key)) counts.set(key, { offers: 0, needs: 0, total: 0 });
      const entry = counts.get(key)!;
      if (row.kind === 'offer') entry.offers += row.count;
      else entry.needs += row.count;
      entry.total += row.count;
    }
    return [...counts];
  };
  return {
    total: rows.reduce((sum, row) => sum + row.count, 0),
    bySector: tally(SECTORS, (row) => row.sector).map(([sector, counts]) => ({ sector, ...counts })),
    byCountry: tally([], (row) => row.country.trim())
      .sort(([a], [b]) => (a === 'CN' ? -1 : b === 'CN' ? 1 : a.localeCompare(b)))
      .map(([country, counts]) => ({ country, ...counts })),
    byStatus: tally(LISTING_STATUSES, (row) => row.status).map(([status, counts]) => ({ status, ...counts })),
  };
}
