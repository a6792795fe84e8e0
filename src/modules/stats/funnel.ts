import { compareCountryPairs, countryPairLabel } from './country-pair';

export const FUNNEL_STAGES = ['proposed', 'approved', 'wantedByBoth', 'scheduled', 'agreements'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];
export type FunnelCounts = Record<FunnelStage, number>;

/** One group of the funnel query: counts of one (sector, offer country, need country). */
export interface FunnelCell extends FunnelCounts {
  sector: string;
  offerCountry: string;
  needCountry: string;
}

export interface Funnel {
  total: FunnelCounts;
  bySector: ({ sector: string } & FunnelCounts)[];
  byCountryPair: ({ pair: string } & FunnelCounts)[];
}

const zero = (): FunnelCounts => ({ proposed: 0, approved: 0, wantedByBoth: 0, scheduled: 0, agreements: 0 });

function add(into: FunnelCounts, cell: FunnelCounts): void {
  for (const stage of FUNNEL_STAGES) into[stage] += cell[stage];
}

/**
 * Folds the per-(sector, country, country) counts into totals by sector and by country pair, the
 * pair labelled China first (CN-TH, whichever side offers). Every sector given appears, even at 0.
 */
export function foldFunnel(cells: FunnelCell[], sectors: readonly string[]): Funnel {
  const total = zero();
  const bySector = new Map<string, FunnelCounts>(sectors.map((sector) => [sector, zero()]));
  const byPair = new Map<string, FunnelCounts>();
  for (const cell of cells) {
    add(total, cell);
    if (!bySector.has(cell.sector)) bySector.set(cell.sector, zero());
    add(bySector.get(cell.sector)!, cell);
    const pair = countryPairLabel(cell.offerCountry, cell.needCountry);
    if (!byPair.has(pair)) byPair.set(pair, zero());
    add(byPair.get(pair)!, cell);
  }
  return {
    total,
    bySector: [...bySector].map(([sector, counts]) => ({ sector, ...counts })),
    byCountryPair: [...byPair]
      .sort(([a], [b]) => compareCountryPairs(a, b))
      .map(([pair, counts]) => ({ pair, ...counts })),
  };
}
