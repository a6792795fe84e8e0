import { foldFunnel, FunnelCell } from './funnel';

const cell = (sector: string, offerCountry: string, needCountry: string, proposed: number, approved = 0, wantedByBoth = 0): FunnelCell => ({
  sector,
  offerCountry,
  needCountry,
  proposed,
  approved,
  wantedByBoth,
  scheduled: 0,
  agreements: 0,
});

describe('foldFunnel', () => {
  it('adds cells into totals, sectors and China-first country pairs', () => {
    const funnel = foldFunnel(
      [cell('digital', 'CN', 'TH', 3, 2, 1), cell('digital', 'TH', 'CN', 1, 1, 1), cell('health', 'VN', 'CN', 2), cell('health', 'TH', 'MY', 4, 1)],
      ['sustainable-development', 'health', 'digital'],
    );
    expect(funnel.total).toEqual({ proposed: 10, approved: 4, wantedByBoth: 2, scheduled: 0, agreements: 0 });
    expect(funnel.bySector).toEqual([
      { sector: 'sustainable-development', proposed: 0, approved: 0, wantedByBoth: 0, scheduled: 0, agreements: 0 },
      { sector: 'health', proposed: 6, approved: 1, wantedByBoth: 0, scheduled: 0, agreements: 0 },
      { sector: 'digital', proposed: 4, approved: 3, wantedByBoth: 2, scheduled: 0, agreements: 0 },
    ]);
    expect(funnel.byCountryPair.map((row) => [row.pair, row.proposed])).toEqual([
      ['CN-TH', 4],
      ['CN-VN', 2],
      ['MY-TH', 4],
    ]);
  });

  it('answers zeros, not an error, for an empty database', () => {
    expect(foldFunnel([], ['digital'])).toEqual({
      total: { proposed: 0, approved: 0, wantedByBoth: 0, scheduled: 0, agreements: 0 },
      bySector: [{ sector: 'digital', proposed: 0, approved: 0, wantedByBoth: 0, scheduled: 0, agreements: 0 }],
      byCountryPair: [],
    });
  });
});
