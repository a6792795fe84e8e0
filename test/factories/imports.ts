import request from 'supertest';
import { bearer } from './accounts';

type Http = Parameters<typeof request>[0];

export const IMPORT_HEADER = ['kind', 'party', 'title', 'description', 'sector', 'keywords', 'trl', 'minTrl', 'transferModes', 'targetCountries'];

/** Quotes a cell the way Excel does: only when it holds a comma, a quote or a line break. */
export function csvCell(value: string | number | undefined): string {
  const text = value === undefined ? '' : String(value);
  return /[",\r\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV file as Excel's "CSV UTF-8" writes it: BOM and CRLF unless told otherwise. */
export function toCsv(rows: (string | number | undefined)[][], options: { bom?: boolean; eol?: string; delimiter?: string } = {}): string {
  const { bom = true, eol = '\r\n', delimiter = ',' } = options;
  return (bom ? '\uFEFF' : '') + rows.map((row) => row.map(csvCell).join(delimiter)).join(eol) + eol;
}

export interface ImportStatus {
  id: string;
  jobId: string;
  status: 'queued' | 'running' | 'completed' | 'failed';
  progress: { processed: number; total: number; imported: number; rejected: number; percent: number };
  rejectedRows: { row: number; errors: { field: string | null; message: string }[] }[];
  failure: string | null;
}

export async function postImport(http: Http, token: string, body: string | object, contentType = 'text/csv; charset=utf-8', expected = 202) {
  const call = request(http).post('/api/v1/admin/listings/import').set(bearer(token)).set('Content-Type', contentType);
  const response = await call.send(typeof body === 'string' ? body : JSON.stringify(body));
  if (response.status !== expected) throw new Error(`POST /admin/listings/import answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body as { jobId: string; importId: string; rows: number };
}

export async function getImport(http: Http, token: string, importId: string): Promise<ImportStatus> {
  const response = await request(http).get(`/api/v1/admin/listings/imports/${importId}`).set(bearer(token)).expect(200);
  return response.body;
}

/** Polls the import until it is finished; `onPoll` sees every state on the way. */
export async function waitForImport(http: Http, token: string, importId: string, onPoll?: (status: ImportStatus) => void, timeoutMs = 120_000): Promise<ImportStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await getImport(http, token, importId);
    onPoll?.(status);
    if (status.status === 'completed' || status.status === 'failed') return status;
    if (Date.now() > deadline) throw new Error(`import ${importId} still ${status.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
