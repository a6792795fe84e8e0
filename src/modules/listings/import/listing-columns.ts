/**
 * The columns of a listings file, shared by import and export so that an exported file imports
 * again unchanged. Plain data and functions: no framework imports.
 */

export type ColumnType = 'text' | 'list' | 'int-list' | 'int' | 'date';

export interface ColumnSpec {
  name: string;
  type: ColumnType;
}

/** What an import reads, in the order an export writes them. */
export const IMPORT_COLUMNS: readonly ColumnSpec[] = [
  { name: 'kind', type: 'text' },
  { name: 'party', type: 'text' },
  { name: 'title', type: 'text' },
  { name: 'summary', type: 'text' },
  { name: 'description', type: 'text' },
  { name: 'advantages', type: 'text' },
  { name: 'requirements', type: 'text' },
  { name: 'language', type: 'text' },
  { name: 'sector', type: 'text' },
  { name: 'fields', type: 'list' },
  { name: 'keywords', type: 'list' },
  { name: 'sdgs', type: 'int-list' },
  { name: 'trl', type: 'int' },
  { name: 'minTrl', type: 'int' },
  { name: 'stage', type: 'text' },
  { name: 'ipStatus', type: 'text' },
  { name: 'transferModes', type: 'list' },
  { name: 'targetCountries', type: 'list' },
  { name: 'deadline', type: 'date' },
  { name: 'status', type: 'text' },
];

/**
 * Written by an export for people to read, skipped by an import: the platform decides them. An
 * export has no `status` column (a re-import goes through review again); `currentStatus` says
 * where the listing stood.
 */
export const EXPORT_ONLY_COLUMNS = [
  'id',
  'currentStatus',
  'revision',
  'partyName',
  'partyCountry',
  'detectedLanguage',
  'sectorSuggested',
  'createdAt',
  'updatedAt',
  'publishedAt',
  'expiresAt',
] as const;

export const REQUIRED_COLUMNS = ['kind', 'party', 'title', 'description', 'transferModes'] as const;

export const LIST_SEPARATOR = ';';

/** Spreadsheet users name columns loosely: `Min TRL`, `min_trl` and `minTrl` are one column. */
export function columnKey(header: string): string {
  return header.normalize('NFKC').toLowerCase().replace(/[\s_\-.]+/g, '');
}

const IMPORT_BY_KEY = new Map(IMPORT_COLUMNS.map((column) => [columnKey(column.name), column]));
const EXPORT_ONLY_KEYS = new Set(EXPORT_ONLY_COLUMNS.map(columnKey));
export const COLUMN_SPECS: ReadonlyMap<string, ColumnSpec> = new Map(IMPORT_COLUMNS.map((column) => [column.name, column]));

export function isImportColumn(header: string): boolean {
  return IMPORT_BY_KEY.has(columnKey(header));
}

export type HeaderResolution =
  | { ok: true; columns: (string | null)[] }
  | { ok: false; message: string };

/**
 * Maps each header cell to the column it names (null: an export-only or blank column, skipped).
 * Unknown, repeated and missing required columns make the whole file unreadable.
 */
export function resolveHeader(header: readonly string[]): HeaderResolution {
  const columns: (string | null)[] = [];
  const unknown: string[] = [];
  const seen = new Set<string>();
  const repeated: string[] = [];
  for (const raw of header) {
    const key = columnKey(raw);
    const spec = IMPORT_BY_KEY.get(key);
    if (spec) {
      if (seen.has(spec.name)) repeated.push(raw.trim());
      seen.add(spec.name);
      columns.push(spec.name);
    } else if (key === '' || EXPORT_ONLY_KEYS.has(key)) {
      columns.push(null);
    } else {
      unknown.push(raw.trim());
      columns.push(null);
    }
  }
  const allowed = IMPORT_COLUMNS.map((column) => column.name).join(', ');
  if (unknown.length) {
    return { ok: false, message: `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map(quote).join(', ')} in the header; the columns are: ${allowed}` };
  }
  if (repeated.length) return { ok: false, message: `column${repeated.length > 1 ? 's' : ''} ${repeated.map(quote).join(', ')} appear more than once in the header` };
  const missing = REQUIRED_COLUMNS.filter((name) => !seen.has(name));
  if (missing.length) return { ok: false, message: `the header lacks the required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` };
  return { ok: true, columns };
}

const quote = (value: string) => `"${value}"`;

const ESCAPABLE = new Set(['\\', ';', '；']);

/**
 * Splits a cell of a list column. `;` and the full-width `；` a Chinese input method types both
 * separate items; a backslash before a separator or a backslash keeps it literal, so any text
 * round-trips, while a hand-typed `a\b` stays as it is.
 */
export function splitList(cell: string): string[] {
  const items: string[] = [];
  let current = '';
  for (let i = 0; i < cell.length; i += 1) {
    const char = cell[i];
    if (char === '\\' && ESCAPABLE.has(cell[i + 1])) {
      current += cell[i + 1];
      i += 1;
    } else if (char === ';' || char === '；') {
      items.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  items.push(current);
  return items.map((item) => item.trim()).filter((item) => item.length > 0);
}

/** The inverse of splitList. */
export function joinList(items: readonly (string | number)[]): string {
  return items.map((item) => String(item).replace(/[\\;；]/g, (char) => `\\${char}`)).join(`${LIST_SEPARATOR} `);
}

/**
 * Parties write these texts and admins open exports in Excel, which would run a cell starting
 * with = + - @ as a formula (CSV injection). A leading apostrophe makes it text; the import drops it.
 */
export function protectFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

export function unprotectFormula(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}
