import { readImportFile } from './listing-import-file';

const CSV = 'kind,party,title,description,transferModes\r\noffer,p,t,d,licensing\r\n';

describe('readImportFile', () => {
  it.each([['text/csv'], ['text/csv; charset=utf-8'], ['application/vnd.ms-excel'], ['Application/CSV']])('reads %s as CSV', (contentType) => {
    expect(readImportFile(contentType, CSV)).toEqual({
      ok: true,
      format: 'csv',
      rows: [{ rowNumber: 2, payload: { cells: { kind: 'offer', party: 'p', title: 't', description: 'd', transferModes: 'licensing' }, extraCells: 0 } }],
    });
  });

  it('numbers JSON rows by their position in the array, from 1, in either shape', () => {
    const items = [{ kind: 'offer' }, { kind: 'need' }];
    const expected = { ok: true, format: 'json', rows: [{ rowNumber: 1, payload: { item: items[0] } }, { rowNumber: 2, payload: { item: items[1] } }] };
    expect(readImportFile('application/json', items)).toEqual(expected);
    expect(readImportFile('application/json; charset=utf-8', { listings: items })).toEqual(expected);
  });

  it.each([
    ['no Content-Type', undefined, CSV, /this one is without a Content-Type/],
    ['a CSV body that no parser read', 'text/csv', undefined, /could not be read as text/],
    ['JSON with other keys', 'application/json', { listings: [], source: 'x' }, /unknown property source/],
    ['JSON that is a string', 'application/json', 'offer', /must be an array of listings/],
    ['too many JSON rows', 'application/json', [{}, {}, {}], /the file has 3 rows; an import takes at most 2/],
    ['NUL in CSV past the first kilobytes', 'text/csv', CSV + `offer,p,${'x'.repeat(5000)}\u0000,d,licensing\r\n`, /NUL characters/],
    ['NUL in JSON', 'application/json', [{ title: 'a\u0000b' }], /NUL characters/],
  ])('refuses %s', (_, contentType, body, message) => {
    const result = readImportFile(contentType, body, 2);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(message);
  });
});
