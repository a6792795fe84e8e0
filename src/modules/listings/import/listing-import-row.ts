import { LISTING_KINDS, ListingKind, TRANSFER_MODES } from '../listing.constants';
import { COLUMN_SPECS, EXPORT_ONLY_COLUMNS, splitList } from './listing-columns';

/** Why a row was not imported; `field` is the column (null when the row as a whole is wrong). */
export interface RowError {
  field: string | null;
  message: string;
}

/**
 * A row turned into what `POST /offers` or `POST /needs` would receive, plus the owner reference.
 * `body` is not validated yet: the DTO classes do that, exactly as for the API.
 */
export interface ListingCandidate {
  kind: ListingKind | null;
  party: string | null;
  body: Record<string, unknown>;
}

export interface MappedRow {
  candidate: ListingCandidate;
  errors: RowError[];
}

export const PARTY_REFERENCE_HELP = 'a party id, the email of one of its members, or its exact name';

/** CSV cells (strings, empty ones absent) to a candidate: lists split, numbers and dates read. */
export function csvCellsToCandidate(cells: Readonly<Record<string, string>>, extraCells = 0): MappedRow {
  const errors: RowError[] = [];
  if (extraCells > 0) errors.push({ field: null, message: `the row has ${extraCells} filled cell${extraCells > 1 ? 's' : ''} beyond the last column of the header` });
  const body: Record<string, unknown> = {};
  for (const [column, cell] of Object.entries(cells)) {
    if (column === 'kind' || column === 'party') continue;
    const spec = COLUMN_SPECS.get(column);
    if (!spec) continue;
    switch (spec.type) {
      case 'text':
        body[column] = cell;
        break;
      case 'list':
        body[column] = splitList(cell);
        break;
      case 'int-list':
        body[column] = splitList(cell).map(toNumber);
        break;
      case 'int':
        body[column] = toNumber(cell);
        break;
      case 'date':
        body[column] = normalizeDate(cell);
        break;
    }
  }
  // An empty cell would reach the DTO as a missing array ("must be an array"), which says nothing to a spreadsheet user.
  if (!Array.isArray(body.transferModes) || body.transferModes.length === 0) {
    delete body.transferModes;
    errors.push({ field: 'transferModes', message: `transferModes is required: one or more of ${TRANSFER_MODES.join(', ')}, separated by ;` });
  }
  const kind = checkKind(cells.kind?.toLowerCase(), errors);
  const party = checkParty(cells.party, errors);
  return { candidate: { kind, party, body }, errors };
}

const EXPORT_ONLY: ReadonlySet<string> = new Set(EXPORT_ONLY_COLUMNS);

/** A JSON item: the body of `POST /offers` or `POST /needs` plus `kind` and `party`; an export's extra keys are skipped. */
export function jsonItemToCandidate(item: unknown): MappedRow {
  const errors: RowError[] = [];
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    return { candidate: { kind: null, party: null, body: {} }, errors: [{ field: null, message: 'the row must be an object with kind, party and the listing fields' }] };
  }
  const { kind, party, ...rest } = item as Record<string, unknown>;
  const body = Object.fromEntries(Object.entries(rest).filter(([key]) => !EXPORT_ONLY.has(key)));
  const checkedKind = checkKind(typeof kind === 'string' ? kind : kind === undefined || kind === null ? undefined : String(kind), errors);
  if (party !== undefined && party !== null && typeof party !== 'string') {
    errors.push({ field: 'party', message: `party must be a string: ${PARTY_REFERENCE_HELP}` });
    return { candidate: { kind: checkedKind, party: null, body }, errors };
  }
  return { candidate: { kind: checkedKind, party: checkParty(party ?? undefined, errors), body }, errors };
}

function checkKind(kind: string | undefined, errors: RowError[]): ListingKind | null {
  if (kind === undefined || kind.trim() === '') {
    errors.push({ field: 'kind', message: 'kind is required: offer or need' });
    return null;
  }
  if (!(LISTING_KINDS as readonly string[]).includes(kind)) {
    errors.push({ field: 'kind', message: `kind must be one of: ${LISTING_KINDS.join(', ')}` });
    return null;
  }
  return kind as ListingKind;
}

function checkParty(party: string | undefined, errors: RowError[]): string | null {
  const reference = party?.trim();
  if (!reference) {
    errors.push({ field: 'party', message: `party is required: ${PARTY_REFERENCE_HELP}` });
    return null;
  }
  return reference;
}

/** Whole numbers as numbers (`8`, `8.0`); anything else stays text, for the DTO to refuse with its own message. */
function toNumber(cell: string): number | string {
  return /^[+-]?\d+(\.0+)?$/.test(cell) ? Number(cell) : cell;
}

/**
 * Excel rewrites 2027-06-30 as 2027/6/30 in several Asian locales; year-first dates are
 * unambiguous, so they become ISO. Day-first and month-first ones are left for the DTO to refuse.
 */
export function normalizeDate(cell: string): string {
  const match = /^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})$/.exec(cell);
  if (!match) return cell;
  return `${match[1]}-${match[2].padStart(2, '0')}-${match[3].padStart(2, '0')}`;
}
