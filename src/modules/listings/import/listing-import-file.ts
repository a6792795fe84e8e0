import { parseListingsCsv } from './listing-csv';
import type { ImportRowPayload } from './listing-import-row.entity';
import type { ImportFormat } from './listing-import.entity';

/** Enough for the forum's largest delegations; more rows are several imports. */
export const MAX_IMPORT_ROWS = 10_000;

/** BullMQ refuses ':' in ids; one import is one job, never queued twice while the job is kept. */
export const importJobId = (importId: string) => `import-${importId}`;

/** Excel on Windows labels .csv files application/vnd.ms-excel when a browser uploads them. */
export const CSV_MEDIA_TYPES = ['text/csv', 'application/csv', 'application/vnd.ms-excel'];

export interface ImportFileRow {
  rowNumber: number;
  payload: ImportRowPayload;
}

export type ImportFileResult = { ok: true; format: ImportFormat; rows: ImportFileRow[] } | { ok: false; message: string };

/** Reads the body of `POST /admin/listings/import` into numbered rows, or says why the file as a whole is refused. */
export function readImportFile(contentType: string | undefined, body: unknown, maxRows = MAX_IMPORT_ROWS): ImportFileResult {
  const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (CSV_MEDIA_TYPES.includes(mediaType)) {
    if (typeof body !== 'string') return { ok: false, message: 'the CSV body could not be read as text' };
    const parsed = parseListingsCsv(body, maxRows);
    if (!parsed.ok) return parsed;
    if (body.includes('\u0000')) return NUL_REFUSED;
    return { ok: true, format: 'csv', rows: parsed.rows.map(({ rowNumber, cells, extraCells }) => ({ rowNumber, payload: { cells, extraCells } })) };
  }
  if (mediaType === 'application/json') return readJson(body, maxRows);
  return {
    ok: false,
    message: `the file must be CSV (Content-Type: text/csv) or JSON (Content-Type: application/json); this one is ${mediaType || 'without a Content-Type'}`,
  };
}

/** PostgreSQL text and jsonb cannot hold U+0000. */
const NUL_REFUSED = { ok: false, message: 'the file contains NUL characters (U+0000), which no listing field can hold' } as const;

function readJson(body: unknown, maxRows: number): ImportFileResult {
  let items: unknown[];
  if (Array.isArray(body)) {
    items = body;
  } else if (typeof body === 'object' && body !== null && Array.isArray((body as { listings?: unknown }).listings)) {
    const extra = Object.keys(body).filter((key) => key !== 'listings');
    if (extra.length) return { ok: false, message: `unknown propert${extra.length > 1 ? 'ies' : 'y'} ${extra.join(', ')}; send { "listings": [...] } or an array` };
    items = (body as { listings: unknown[] }).listings;
  } else {
    return { ok: false, message: 'the JSON must be an array of listings or { "listings": [...] }' };
  }
  if (items.length === 0) return { ok: false, message: 'the file has no rows' };
  if (items.length > maxRows) return { ok: false, message: `the file has ${items.length} rows; an import takes at most ${maxRows}` };
  if (JSON.stringify(items).includes('\\u0000')) return NUL_REFUSED;
  return { ok: true, format: 'json', rows: items.map((item, index) => ({ rowNumber: index + 1, payload: { item } })) };
}
