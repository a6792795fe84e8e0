/**
 * Country pairs of matches as the forum reports them: China first (`CN-TH`, `CN-VN`), any other
 * pair in alphabetical order (`MY-TH`), whichever side offers. Plain functions, no framework.
 */
export function countryPairLabel(a: string, b: string): string {
  const [x, y] = [a.trim().toUpperCase(), b.trim().toUpperCase()];
  if (y === 'CN' && x !== 'CN') return `CN-${x}`;
  if (x === 'CN') return `CN-${y}`;
  return x <= y ? `${x}-${y}` : `${y}-${x}`;
}

export type CountryFilter = { kind: 'either'; country: string } | { kind: 'pair'; countries: [string, string] };

/** `TH` matches either side; `CN-TH` (or `TH-CN`) matches the pair in either direction. */
export function parseCountryFilter(value: string): CountryFilter | null {
  const match = /^([A-Za-z]{2})(?:-([A-Za-z]{2}))?$/.exec(value.trim());
  if (!match) return null;
  const first = match[1].toUpperCase();
  if (!match[2]) return { kind: 'either', country: first };
  return { kind: 'pair', countries: [first, match[2].toUpperCase()] };
}

/** Orders pair labels for a report: China's pairs first, then the rest, each alphabetically. */
export function compareCountryPairs(a: string, b: string): number {
  const chinaA = a.startsWith('CN-') ? 0 : 1;
  const chinaB = b.startsWith('CN-') ? 0 : 1;
  return chinaA - chinaB || a.localeCompare(b);
}
