import { parseListingsCsv } from '../import/listing-csv';
import { csvCellsToCandidate } from '../import/listing-import-row';
import { stringify } from 'csv-stringify/sync';
import { EXPORT_COLUMNS, ExportedListing, toCsvRecord, toExportItem } from './listing-export-record';

const offer: ExportedListing = {
  id: '6f1c9a52-3c56-4f0e-a4a8-5b1f1b2a9e10',
  kind: 'offer',
  partyId: 'd7d4b0a4-8a39-4a37-9f39-0d7c8b6e2b11',
  partyName: '广西光伏',
  partyCountry: 'CN',
  status: 'published',
  revision: 3,
  title: '=HYPERLINK("x") 光伏, 微电网',
  summary: null,
  description: '第一行\n第二行 "引号"',
  advantages: '-50% 成本',
  requirements: null,
  language: 'zh',
  detectedLanguage: 'zh',
  sector: 'sustainable-development',
  sectorSuggested: true,
  declaredFields: ['sd.renewable-energy'],
  keywords: ['光伏', 'a;b'],
  sdgs: [7, 13],
  trl: 8,
  minTrl: null,
  stage: 'demonstration',
  ipStatus: null,
  transferModes: ['licensing', 'joint-rd'],
  targetCountries: ['TH'],
  deadline: '2027-06-30',
  createdAt: new Date('2026-01-02T03:04:05.000Z'),
  updatedAt: new Date('2026-01-03T03:04:05.000Z'),
  publishedAt: null,
  expiresAt: null,
};

describe('export records', () => {
  it('leaves the other kind’s fields out of a JSON item, so the DTO of this kind takes it back', () => {
    const item = toExportItem(offer);
    expect(item).not.toHaveProperty('requirements');
    expect(item).not.toHaveProperty('minTrl');
    expect(item).toMatchObject({ kind: 'offer', party: offer.partyId, fields: ['sd.renewable-energy'], currentStatus: 'published', createdAt: '2026-01-02T03:04:05.000Z' });
  });

  it('writes CSV cells that a formula-minded spreadsheet shows as text', () => {
    const record = toCsvRecord(offer);
    expect(record[EXPORT_COLUMNS.indexOf('title')]).toBe('\'=HYPERLINK("x") 光伏, 微电网');
    expect(record[EXPORT_COLUMNS.indexOf('advantages')]).toBe("'-50% 成本");
    expect(record[EXPORT_COLUMNS.indexOf('keywords')]).toBe('光伏; a\\;b');
    expect(record[EXPORT_COLUMNS.indexOf('requirements')]).toBe('');
  });

  it('reads its own CSV back into the cells an import takes (round trip without a database)', () => {
    const file = stringify([toCsvRecord(offer)], { bom: true, header: true, columns: [...EXPORT_COLUMNS], record_delimiter: 'windows' });
    const parsed = parseListingsCsv(file, 10);
    if (!parsed.ok) throw new Error(parsed.message);
    const { candidate, errors } = csvCellsToCandidate(parsed.rows[0].cells);
    expect(errors).toEqual([]);
    expect(candidate).toEqual({
      kind: 'offer',
      party: offer.partyId,
      body: {
        title: offer.title,
        description: offer.description,
        advantages: offer.advantages,
        language: 'zh',
        sector: 'sustainable-development',
        fields: ['sd.renewable-energy'],
        keywords: ['光伏', 'a;b'],
        sdgs: [7, 13],
        trl: 8,
        stage: 'demonstration',
        transferModes: ['licensing', 'joint-rd'],
        targetCountries: ['TH'],
        deadline: '2027-06-30',
      },
    });
  });
});
