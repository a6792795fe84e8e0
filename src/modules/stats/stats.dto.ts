import { ApiProperty } from '@nestjs/swagger';

export class KindCountsDto {
  @ApiProperty() offers!: number;
  @ApiProperty() needs!: number;
  @ApiProperty() total!: number;
}

export class FunnelCountsDto {
  @ApiProperty({ description: 'Recommended by the matcher (chosen by either side’s scoring) or already reviewed' }) proposed!: number;
  @ApiProperty() approved!: number;
  @ApiProperty({ description: 'Approved, and both sides said meet or must-meet' }) wantedByBoth!: number;
  @ApiProperty({ description: 'Placed in a meeting (0 until meeting scheduling is plugged in)' }) scheduled!: number;
  @ApiProperty({ description: 'Meetings ending in an agreement (0 until meeting outcomes are plugged in)' }) agreements!: number;
}

/** Inline schemas of the nested counts, so a typed client sees their fields. */
const integer = { type: 'integer' } as const;
const KIND_COUNTS = { offers: integer, needs: integer, total: integer };
const FUNNEL_COUNTS = { proposed: integer, approved: integer, wantedByBoth: integer, scheduled: integer, agreements: integer };
const rows = (key: string, counts: Record<string, typeof integer>) => ({
  type: 'array' as const,
  items: { type: 'object' as const, required: [key, ...Object.keys(counts)], properties: { [key]: { type: 'string' as const }, ...counts } },
});

export class StatsResponseDto {
  @ApiProperty({
    type: 'object',
    selfRequired: true,
    required: ['total', 'bySector', 'byCountry', 'byStatus'],
    properties: { total: integer, bySector: rows('sector', KIND_COUNTS), byCountry: rows('country', KIND_COUNTS), byStatus: rows('status', KIND_COUNTS) },
    example: {
      total: 120,
      bySector: [{ sector: 'digital', offers: 30, needs: 20, total: 50 }],
      byCountry: [{ country: 'CN', offers: 40, needs: 5, total: 45 }],
      byStatus: [{ status: 'published', offers: 50, needs: 40, total: 90 }],
    },
  })
  listings!: {
    total: number;
    bySector: ({ sector: string } & KindCountsDto)[];
    byCountry: ({ country: string } & KindCountsDto)[];
    byStatus: ({ status: string } & KindCountsDto)[];
  };

  @ApiProperty({
    type: 'object',
    selfRequired: true,
    required: ['total', 'bySector', 'byCountryPair'],
    properties: {
      total: { type: 'object', required: Object.keys(FUNNEL_COUNTS), properties: FUNNEL_COUNTS },
      bySector: rows('sector', FUNNEL_COUNTS),
      byCountryPair: rows('pair', FUNNEL_COUNTS),
    },
    description: 'By sector and by country pair (China first: CN-TH whichever side offers; other pairs alphabetical)',
    example: {
      total: { proposed: 10, approved: 4, wantedByBoth: 2, scheduled: 0, agreements: 0 },
      bySector: [{ sector: 'digital', proposed: 10, approved: 4, wantedByBoth: 2, scheduled: 0, agreements: 0 }],
      byCountryPair: [{ pair: 'CN-TH', proposed: 10, approved: 4, wantedByBoth: 2, scheduled: 0, agreements: 0 }],
    },
  })
  funnel!: {
    total: FunnelCountsDto;
    bySector: ({ sector: string } & FunnelCountsDto)[];
    byCountryPair: ({ pair: string } & FunnelCountsDto)[];
  };

  @ApiProperty({
    type: 'object',
    selfRequired: true,
    required: ['total', 'byReason'],
    properties: { total: integer, byReason: rows('reason', { count: integer }) },
    example: { total: 3, byReason: [{ reason: 'wrong-sector', count: 2 }] },
  })
  feedback!: { total: number; byReason: { reason: string; count: number }[] };

  @ApiProperty() generatedAt!: string;
}
