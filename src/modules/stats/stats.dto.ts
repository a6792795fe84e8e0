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

export class StatsResponseDto {
  @ApiProperty({
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

  @ApiProperty({ example: { total: 3, byReason: [{ reason: 'wrong-sector', count: 2 }] } })
  feedback!: { total: number; byReason: { reason: string; count: number }[] };

  @ApiProperty() generatedAt!: string;
}
