import { compareCountryPairs, countryPairLabel, parseCountryFilter } from './country-pair';

describe('country pairs', () => {
  it.each([
    ['CN', 'TH', 'CN-TH'],
    ['TH', 'CN', 'CN-TH'],
    ['VN', 'CN', 'CN-VN'],
    ['TH', 'MY', 'MY-TH'],
    ['MY', 'TH', 'MY-TH'],
    ['SG', 'SG', 'SG-SG'],
    ['CN', 'CN', 'CN-CN'],
    ['th', 'cn ', 'CN-TH'],
    ['DE', 'ID', 'DE-ID'],
  ])('labels %s and %s as %s', (a, b, label) => {
    expect(countryPairLabel(a, b)).toBe(label);
  });

  it.each([
    ['TH', { kind: 'either', country: 'TH' }],
    ['cn-th', { kind: 'pair', countries: ['CN', 'TH'] }],
    ['TH-CN', { kind: 'pair', countries: ['TH', 'CN'] }],
    ['CHN', null],
    ['CN_TH', null],
    ['CN-TH-VN', null],
    ['', null],
  ])('parses the filter %j', (value, parsed) => {
    expect(parseCountryFilter(value)).toEqual(parsed);
  });

  it('sorts China’s pairs first, then the others alphabetically', () => {
    expect(['MY-TH', 'CN-VN', 'ID-MY', 'CN-TH', 'CN-ID'].sort(compareCountryPairs)).toEqual(['CN-ID', 'CN-TH', 'CN-VN', 'ID-MY', 'MY-TH']);
  });
});
