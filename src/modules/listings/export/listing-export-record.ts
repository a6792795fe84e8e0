import { EXPORT_ONLY_COLUMNS, IMPORT_COLUMNS, joinList, protectFormula } from '../import/listing-columns';
import type { ListingKind } from '../listing.constants';

/** What an export needs of a listing; plain data, so the mapping is tested without a database. */
export interface ExportedListing {
  id: string;
  kind: ListingKind;
  partyId: string;
  partyName: string;
  partyCountry: string;
  status: string;
  revision: number;
  title: string;
  summary: string | null;
  description: string;
  advantages: string | null;
  requirements: string | null;
  language: string;
  detectedLanguage: string;
  sector: string;
  sectorSuggested: boolean;
  declaredFields: string[];
  keywords: string[];
  sdgs: number[];
  trl: number | null;
  minTrl: number | null;
  stage: string | null;
  ipStatus: string | null;
  transferModes: string[];
  targetCountries: string[];
  deadline: string | null;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
  expiresAt: Date | null;
}

/**
 * The import columns (a re-import goes through review, so `status` is left out; `currentStatus`
 * tells), then the columns only an export writes.
 */
export const EXPORT_COLUMNS: readonly string[] = [...IMPORT_COLUMNS.map((column) => column.name).filter((name) => name !== 'status'), ...EXPORT_ONLY_COLUMNS];

const OTHER_KIND_FIELDS: Record<ListingKind, readonly string[]> = { offer: ['requirements', 'minTrl'], need: ['advantages', 'trl'] };

export type ExportValue = string | number | boolean | null | string[] | number[];

/**
 * A listing as a JSON item an import takes back: the POST body with `kind` and `party` (the
 * party id, unambiguous), plus the export-only keys. Fields of the other kind are left out, since
 * the DTO of this kind refuses them.
 */
export function toExportItem(listing: ExportedListing): Record<string, ExportValue> {
  const item: Record<string, ExportValue> = {
    kind: listing.kind,
    party: listing.partyId,
    title: listing.title,
    summary: listing.summary,
    description: listing.description,
    advantages: listing.advantages,
    requirements: listing.requirements,
    language: listing.language,
    sector: listing.sector,
    fields: listing.declaredFields,
    keywords: listing.keywords,
    sdgs: listing.sdgs,
    trl: listing.trl,
    minTrl: listing.minTrl,
    stage: listing.stage,
    ipStatus: listing.ipStatus,
    transferModes: listing.transferModes,
    targetCountries: listing.targetCountries,
    deadline: listing.deadline,
    id: listing.id,
    currentStatus: listing.status,
    revision: listing.revision,
    partyName: listing.partyName,
    partyCountry: listing.partyCountry,
    detectedLanguage: listing.detectedLanguage,
    sectorSuggested: listing.sectorSuggested,
    createdAt: listing.createdAt.toISOString(),
    updatedAt: listing.updatedAt.toISOString(),
    publishedAt: listing.publishedAt?.toISOString() ?? null,
    expiresAt: listing.expiresAt?.toISOString() ?? null,
  };
  for (const field of OTHER_KIND_FIELDS[listing.kind]) delete item[field];
  return item;
}

/** The same listing as CSV cells in EXPORT_COLUMNS order: lists joined with `;`, empty for null. */
export function toCsvRecord(listing: ExportedListing): string[] {
  const item = toExportItem(listing);
  return EXPORT_COLUMNS.map((column) => toCell(item[column]));
}

function toCell(value: ExportValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return protectFormula(joinList(value));
  return protectFormula(String(value));
}
