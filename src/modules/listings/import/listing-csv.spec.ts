import { parseListingsCsv } from './listing-csv';

const HEADER = 'kind,party,title,description,transferModes';

function parseOk(text: string, maxRows = 100) {
  const result = parseListingsCsv(text, maxRows);
  if (!result.ok) throw new Error(result.message);
  return result.rows;
}

function parseError(text: string, maxRows = 100): string {
  const result = parseListingsCsv(text, maxRows);
  if (result.ok) throw new Error('expected the file to be refused');
  return result.message;
}

describe('parseListingsCsv', () => {
  it('reads Excel output: BOM, CRLF, quoted cells with commas, quotes and line breaks, Chinese and Thai', () => {
    const text =
      '\uFEFF' +
      `${HEADER}\r\n` +
      'offer,p1,"光伏, 储能","第一行\r\n第二行 ""引号""",licensing\r\n' +
      'need,p2,ต้องการระบบโซลาร์เซลล์,คำอธิบาย,joint-rd\r\n';
    expect(parseOk(text)).toEqual([
      { rowNumber: 2, cells: { kind: 'offer', party: 'p1', title: '光伏, 储能', description: '第一行\n第二行 "引号"', transferModes: 'licensing' }, extraCells: 0 },
      { rowNumber: 3, cells: { kind: 'need', party: 'p2', title: 'ต้องการระบบโซลาร์เซลล์', description: 'คำอธิบาย', transferModes: 'joint-rd' }, extraCells: 0 },
    ]);
  });

  it('numbers rows as the spreadsheet shows them: multi-line cells take one row, blank rows still count', () => {
    const text = `${HEADER}\n` + 'offer,p,"a\nb\nc",d,licensing\n' + '\n' + ',,,,\n' + 'need,p,t,d,licensing\n';
    expect(parseOk(text).map((row) => row.rowNumber)).toEqual([2, 5]);
  });

  it('matches header names loosely and skips the columns an export adds', () => {
    const rows = parseOk('Kind,PARTY,Title,Description,Transfer modes,min_trl,id,currentStatus\nneed,p,t,d,licensing,4,abc,published\n');
    expect(rows[0].cells).toEqual({ kind: 'need', party: 'p', title: 't', description: 'd', transferModes: 'licensing', minTrl: '4' });
  });

  it.each([
    ['semicolons', ';'],
    ['tabs', '\t'],
  ])('detects cells separated by %s (Excel in decimal-comma locales)', (_, delimiter) => {
    const text = HEADER.split(',').join(delimiter) + '\n' + ['offer', 'p', 't', 'd', '"licensing;joint-rd"'].join(delimiter) + '\n';
    expect(parseOk(text)[0].cells.transferModes).toBe('licensing;joint-rd');
  });

  it('counts filled cells beyond the header and ignores empty trailing ones', () => {
    const rows = parseOk(`${HEADER}\noffer,p,t,d,licensing,,\noffer,p,t,d,licensing,x,y\n`);
    expect(rows.map((row) => row.extraCells)).toEqual([0, 2]);
  });

  it.each([
    ['an unknown column, named', `${HEADER},colour\n`, /unknown column "colour" in the header; the columns are: kind, party, title/],
    ['a repeated column', `${HEADER},Title\n`, /"Title" appear more than once/],
    ['missing required columns', 'kind,title\noffer,t\n', /lacks the required columns party, description, transferModes/],
    ['an empty file', '', /the file is empty/],
    ['a header without rows', `${HEADER}\r\n\r\n`, /a header but no rows/],
    ['an unclosed quote', `${HEADER}\noffer,p,"t,d,licensing\n`, /not readable CSV: Quote Not Closed/],
    ['a workbook', 'PK\u0003\u0004\u0000\u0000binary', /not UTF-8 CSV text/],
    ['text that was not UTF-8', 'kind,party,title\n\uFFFD\uFFFD', /not UTF-8 CSV text/],
  ])('refuses %s', (_, text, message) => {
    expect(parseError(text)).toMatch(message);
  });

  it('refuses more rows than an import takes', () => {
    const text = `${HEADER}\n` + 'offer,p,t,d,licensing\n'.repeat(4);
    expect(parseError(text, 3)).toBe('the file has 4 rows; an import takes at most 3');
  });
});
