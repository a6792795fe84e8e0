import { joinList, splitList } from './listing-columns';
import { csvCellsToCandidate, jsonItemToCandidate, normalizeDate } from './listing-import-row';
import { validateListingBody } from './listing-import-validation';

const offerCells = {
  kind: 'offer',
  party: '  solar@example.org ',
  title: '海岛光伏微电网',
  description: '光伏与储能一体化微电网',
  transferModes: 'licensing; technical-services',
};

describe('csvCellsToCandidate', () => {
  it('turns cells into the body POST /offers takes: lists split on ; and ；, numbers and dates read', () => {
    const { candidate, errors } = csvCellsToCandidate({
      ...offerCells,
      keywords: '光伏；微电网; 储能;',
      sdgs: '7;13',
      trl: '8',
      targetCountries: 'th;vn',
      deadline: '2027/6/30',
      fields: 'sd.renewable-energy',
    });
    expect(errors).toEqual([]);
    expect(candidate).toEqual({
      kind: 'offer',
      party: 'solar@example.org',
      body: {
        title: '海岛光伏微电网',
        description: '光伏与储能一体化微电网',
        transferModes: ['licensing', 'technical-services'],
        keywords: ['光伏', '微电网', '储能'],
        sdgs: [7, 13],
        trl: 8,
        targetCountries: ['th', 'vn'],
        deadline: '2027-06-30',
        fields: ['sd.renewable-energy'],
      },
    });
  });

  it.each([
    ['no kind', { kind: undefined }, [{ field: 'kind', message: 'kind is required: offer or need' }]],
    ['an unknown kind', { kind: 'request' }, [{ field: 'kind', message: 'kind must be one of: offer, need' }]],
    ['no party', { party: undefined }, [{ field: 'party', message: expect.stringMatching(/^party is required: a party id, the email/) }]],
    ['no transfer modes', { transferModes: undefined }, [{ field: 'transferModes', message: expect.stringMatching(/^transferModes is required: one or more of licensing, /) }]],
    ['cells beyond the header', {}, [{ field: null, message: 'the row has 2 filled cells beyond the last column of the header' }], 2],
  ])('reports %s by field', (_, change, expected, extraCells = 0) => {
    const cells = Object.fromEntries(Object.entries({ ...offerCells, ...change }).filter(([, value]) => value !== undefined)) as Record<string, string>;
    expect(csvCellsToCandidate(cells, extraCells).errors).toEqual(expected);
  });

  it('accepts the kind in any case', () => {
    expect(csvCellsToCandidate({ ...offerCells, kind: 'Need' }).candidate.kind).toBe('need');
  });

  it('leaves text in number columns for the DTO to refuse with its own message', () => {
    expect(csvCellsToCandidate({ ...offerCells, trl: 'eight', sdgs: '7;x' }).candidate.body).toMatchObject({ trl: 'eight', sdgs: [7, 'x'] });
  });
});

describe('jsonItemToCandidate', () => {
  it('takes kind and party off the POST body and skips the keys an export adds', () => {
    const { candidate, errors } = jsonItemToCandidate({ kind: 'need', party: 'p', title: 't', minTrl: 4, id: 'x', currentStatus: 'published', partyName: 'n' });
    expect(errors).toEqual([]);
    expect(candidate).toEqual({ kind: 'need', party: 'p', body: { title: 't', minTrl: 4 } });
  });

  it.each([
    ['not an object', 'offer', [{ field: null, message: 'the row must be an object with kind, party and the listing fields' }]],
    ['an array', [], [{ field: null, message: 'the row must be an object with kind, party and the listing fields' }]],
    ['a numeric party', { kind: 'offer', party: 7 }, [{ field: 'party', message: expect.stringMatching(/^party must be a string/) }]],
    ['a numeric kind', { kind: 1, party: 'p' }, [{ field: 'kind', message: 'kind must be one of: offer, need' }]],
  ])('refuses %s', (_, item, expected) => {
    expect(jsonItemToCandidate(item).errors).toEqual(expected);
  });
});

describe('validateListingBody: the DTOs of POST /offers and POST /needs', () => {
  const valid = { title: 't', description: 'd', transferModes: ['licensing'] };

  it('accepts a valid body and applies the DTO transforms', async () => {
    const { dto, errors } = await validateListingBody('offer', { ...valid, targetCountries: ['th'] });
    expect(errors).toEqual([]);
    expect(dto.targetCountries).toEqual(['TH']);
  });

  it.each([
    ['offer', { trl: 10 }, { field: 'trl', message: 'trl must be a whole number from 1 to 9' }],
    ['offer', { trl: 'eight' }, { field: 'trl', message: 'trl must be a whole number from 1 to 9' }],
    ['offer', { title: '' }, { field: 'title', message: expect.stringContaining('title must be 1 to 256 characters long') }],
    ['offer', { transferModes: ['franchise'] }, { field: 'transferModes', message: expect.stringMatching(/^each of transferModes must be one of: licensing/) }],
    ['offer', { sdgs: [18] }, { field: 'sdgs', message: 'sdgs must be between 1 and 17' }],
    ['offer', { minTrl: 3 }, { field: 'minTrl', message: 'minTrl is for needs; leave it empty on offer rows' }],
    ['need', { advantages: 'fast' }, { field: 'advantages', message: 'advantages is for offers; leave it empty on need rows' }],
    ['need', { colour: 'red' }, { field: 'colour', message: 'colour is not a listing field' }],
    ['need', { deadline: '30/06/2027' }, { field: 'deadline', message: 'deadline must be a date such as 2027-06-30' }],
  ] as const)('a %s with %j is refused by field', async (kind, change, expected) => {
    const { errors } = await validateListingBody(kind, { ...valid, ...change });
    expect(errors).toEqual([expected]);
  });
});

describe('list cells', () => {
  it.each([
    [['a', 'b'], 'a; b'],
    [['x;y', '全；角', 'back\\slash'], 'x\\;y; 全\\；角; back\\\\slash'],
    [[7, 13], '7; 13'],
  ])('joinList(%j) = %j and splits back', (items, cell) => {
    expect(joinList(items)).toBe(cell);
    expect(splitList(cell)).toEqual(items.map(String));
  });

  it('keeps a hand-typed backslash that escapes nothing', () => {
    expect(splitList('C:\\data; b')).toEqual(['C:\\data', 'b']);
  });
});

describe('normalizeDate', () => {
  it.each([
    ['2027/6/30', '2027-06-30'],
    ['2027.06.30', '2027-06-30'],
    ['2027-6-3', '2027-06-03'],
    ['30/06/2027', '30/06/2027'],
    ['soon', 'soon'],
  ])('%s -> %s', (cell, expected) => {
    expect(normalizeDate(cell)).toBe(expected);
  });
});
