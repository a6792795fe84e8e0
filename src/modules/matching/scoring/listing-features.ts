import type { Sector } from '../taxonomy/taxonomy.types';

export type ListingKind = 'offer' | 'need';

/**
 * What scoring knows about one published listing: the output of text analysis plus the
 * structured fields of the listing. Plain data, so the worker, tests and the benchmark
 * can all build it without a database.
 */
export interface ListingFeatures {
  id: string;
  kind: ListingKind;
  partyId: string;
  /** ISO 3166-1 alpha-2 of the submitting party. */
  partyCountry: string;
  /** BCP 47 tag from language detection; only the primary subtag is compared. */
  language: string;
  sector: Sector;
  fieldIds: number[];
  conceptIds: number[];
  /** Occurrences per concept in the text; absent means each concept counts once. */
  conceptCounts?: Record<number, number>;
  termFrequencies: Record<string, number>;
  /** Technology readiness level 1-9 of an offer; null when the party did not say. */
  trl: number | null;
  /** Lowest TRL a need accepts; null when any level will do. */
  minTrl: number | null;
  transferModes: string[];
  /** Countries a need wants technology from; empty means anywhere. */
  targetCountries: string[];
}

export { regionOf, type Region } from '../../../common/geography/regions';
