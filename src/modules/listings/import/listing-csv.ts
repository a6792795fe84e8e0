import { CsvError, parse } from 'csv-parse/sync';
import { isImportColumn, resolveHeader, unprotectFormula } from './listing-columns';

/** One data row of a CSV file: its spreadsheet row number (the header is row 1) and its non-empty cells by column. */
export interface CsvImportRow {
  rowNumber: number;
  cells: Record<string, string>;
  /** Non-empty cells beyond the header's width: a shifted row, reported rather than guessed at. */
  extraCells: number;
}

export type CsvParseResult = { ok: true; rows: CsvImportRow[] } | { ok: false; message: string };

const DELIMITERS = [',', ';', '\t'] as const;

/**
 * Reads a listings CSV as Excel writes it: UTF-8 with or without a BOM, CRLF, quoted cells with
 * commas and line breaks inside. Excel in locales with a decimal comma (Indonesian, Vietnamese,
 * most of Europe) separates cells with `;`, so the delimiter is the one that makes the header
 * name the most known columns.
 */
export function parseListingsCsv(text: string, maxRows: number): CsvParseResult {
  const content = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (looksBinary(content)) {
    return {
      ok: false,
      message: 'the file is not UTF-8 CSV text: an Excel workbook, or CSV in another encoding such as GBK; in Excel, save it as "CSV UTF-8 (Comma delimited)"',
    };
  }
  let records: string[][];
  try {
    records = parse(content, { delimiter: detectDelimiter(content), relax_column_count: true, relax_quotes: true, skip_empty_lines: false });
  } catch (error) {
    if (error instanceof CsvError) return { ok: false, message: `the file is not readable CSV: ${error.message}` };
    throw error;
  }
  const [header, ...data] = records;
  if (!header || header.every((cell) => cell.trim() === '')) return { ok: false, message: 'the file is empty; its first row must name the columns' };
  const resolution = resolveHeader(header);
  if (!resolution.ok) return resolution;

  const rows: CsvImportRow[] = [];
  data.forEach((record, index) => {
    // A blank row still takes a row number in the spreadsheet the person is looking at.
    if (record.every((cell) => cell.trim() === '')) return;
    const cells: Record<string, string> = {};
    resolution.columns.forEach((column, position) => {
      const value = cleanCell(record[position]);
      if (column && value !== '') cells[column] = value;
    });
    const extraCells = record.slice(header.length).filter((cell) => cell.trim() !== '').length;
    rows.push({ rowNumber: index + 2, cells, extraCells });
  });
  if (rows.length === 0) return { ok: false, message: 'the file has a header but no rows' };
  if (rows.length > maxRows) return { ok: false, message: `the file has ${rows.length} rows; an import takes at most ${maxRows}` };
  return { ok: true, rows };
}

/** In-cell line breaks are LF in Excel; CRLF comes from editors. Surrounding spaces are never meant. */
function cleanCell(cell: string | undefined): string {
  return unprotectFormula((cell ?? '').replace(/\r\n?/g, '\n')).trim();
}

function detectDelimiter(content: string): string {
  const end = content.search(/\r?\n/);
  const firstLine = end === -1 ? content : content.slice(0, end);
  let best: string = DELIMITERS[0];
  let bestScore = -1;
  for (const delimiter of DELIMITERS) {
    const score = firstLine.split(delimiter).filter((cell) => isImportColumn(cell.replace(/"/g, ''))).length;
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}

/** NUL bytes or undecodable sequences in the first kilobytes: a workbook, or text that was not UTF-8. */
function looksBinary(content: string): boolean {
  const head = content.slice(0, 4096);
  return head.includes('\u0000') || head.includes('\uFFFD');
}
