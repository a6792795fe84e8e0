/** The ten ASEAN member states, ISO 3166-1 alpha-2. */
export const ASEAN_COUNTRIES = ['BN', 'KH', 'ID', 'LA', 'MY', 'MM', 'PH', 'SG', 'TH', 'VN'] as const;

export type Region = 'china' | 'asean' | 'other';

const ASEAN = new Set<string>(ASEAN_COUNTRIES);

/** The forum's purpose is China–ASEAN transfer, so every party is placed in one of three regions. */
export function regionOf(country: string): Region {
  const code = country.toUpperCase();
  if (code === 'CN') return 'china';
  return ASEAN.has(code) ? 'asean' : 'other';
}
