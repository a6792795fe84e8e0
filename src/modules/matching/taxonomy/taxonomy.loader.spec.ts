import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtureSectorFiles } from '../text/taxonomy.fixture';
import { buildTaxonomy, createTaxonomyLookup, DEFAULT_TAXONOMY_DIR, loadTaxonomy, taxonomyVersion } from './taxonomy.loader';
import { SECTORS, SectorTaxonomyFile } from './taxonomy.types';

function writeFiles(files: SectorTaxonomyFile[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'taxonomy-'));
  for (const f of files) writeFileSync(join(dir, `${f.sector}.json`), JSON.stringify(f));
  return dir;
}

describe('buildTaxonomy', () => {
  it('accepts the fixture and stamps a tax- version of 12 hex chars', () => {
    const t = buildTaxonomy(fixtureSectorFiles());
    expect(t.version).toMatch(/^tax-[0-9a-f]{12}$/);
    expect(t.sectors.map((s) => s.sector)).toEqual([...SECTORS]);
    expect(t.sources.join(' ')).toMatch(/EEN/);
    expect(t.sources.join(' ')).toMatch(/IPC/);
    expect(t.sources.join(' ')).toMatch(/WIPO GREEN/);
    expect(t.sources.join(' ')).toMatch(/Strategic Emerging Industries/);
  });

  it('gives the same version whatever the key or file order, and a new one for any change', () => {
    const files = fixtureSectorFiles();
    const reverseKeys = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reverseKeys)
        : v !== null && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverseKeys(x)]))
          : v;
    const reordered = files.slice().reverse().map((f) => reverseKeys(f) as SectorTaxonomyFile);
    expect(Object.keys(reordered[0])[0]).toBe('concepts');
    expect(taxonomyVersion(reordered)).toBe(taxonomyVersion(files));
    const changed = fixtureSectorFiles();
    changed[1].concepts[0].terms.th.push('วัคซีนป้องกัน');
    expect(taxonomyVersion(changed)).not.toBe(taxonomyVersion(files));
  });

  const cases: Array<[string, (f: SectorTaxonomyFile[]) => void, RegExp]> = [
    ['duplicate concept id', (f) => (f[2].concepts[1].id = f[2].concepts[0].id), /id 3000 already used/],
    ['duplicate code', (f) => (f[0].concepts[1].code = f[0].concepts[0].code), /code sd\.renewable-energy\.photovoltaics already used/],
    ['concept id outside the sector range', (f) => (f[1].concepts[0].id = 3500), /id 3500 outside health range 2000-2999/],
    ['field id outside the sector range', (f) => (f[2].fields[0].id = 150), /id 150 outside digital range 300-399/],
    ['missing Thai terms', (f) => (f[0].concepts[0].terms.th = []), /photovoltaics: no terms in th/],
    ['empty Malay label', (f) => (f[1].concepts[0].labels.ms = ' '), /vaccines: label in ms is missing/],
    ['unknown field', (f) => (f[2].concepts[0].field = 'digital.nope'), /field digital\.nope does not exist/],
    ['field of another sector', (f) => (f[2].concepts[0].field = 'health.pharma'), /field health\.pharma is in sector health/],
    ['sdg 18', (f) => (f[0].concepts[0].sdgs = [7, 18]), /sdg 18 not in 1-17/],
  ];
  it.each(cases)('rejects %s', (_name, mutate, message) => {
    const files = fixtureSectorFiles();
    mutate(files);
    expect(() => buildTaxonomy(files)).toThrow(message);
  });

  it('lists every problem in one error', () => {
    const files = fixtureSectorFiles();
    files[0].concepts[0].sdgs = [0];
    files[1].concepts[0].terms.vi = [];
    let message = '';
    try {
      buildTaxonomy(files, { minConcepts: 300 });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/sdg 0/);
    expect(message).toMatch(/no terms in vi/);
    expect(message).toMatch(/only 7 concepts in total, at least 300 required/);
  });
});

describe('loadTaxonomy', () => {
  it('reports missing files and the 300-concept floor', () => {
    expect(() => loadTaxonomy(writeFiles(fixtureSectorFiles().slice(0, 2)))).toThrow(/digital: file .* is missing/);
    expect(() => loadTaxonomy(writeFiles(fixtureSectorFiles()))).toThrow(/at least 300 required/);
  });

  const shipped = SECTORS.every((s) => existsSync(join(DEFAULT_TAXONOMY_DIR, `${s}.json`)));
  (shipped ? it : it.skip)('loads and validates the shipped data, version tied to the file contents', () => {
    const t = loadTaxonomy();
    expect(t.sectors.reduce((n, s) => n + s.concepts.length, 0)).toBeGreaterThanOrEqual(300);
    const files = SECTORS.map((s) => JSON.parse(readFileSync(join(DEFAULT_TAXONOMY_DIR, `${s}.json`), 'utf8')) as SectorTaxonomyFile);
    expect(t.version).toBe(taxonomyVersion(files));
  });
});

describe('createTaxonomyLookup', () => {
  const lookup = createTaxonomyLookup(buildTaxonomy(fixtureSectorFiles()));
  it.each([
    [1000, 'sustainable-development', 'sd.renewable-energy', 'th', 'เซลล์แสงอาทิตย์'],
    [2000, 'health', 'health.pharma', 'vi', 'vắc-xin'],
    [3002, 'digital', 'digital.ledger', 'zh', '区块链'],
  ] as const)('concept %i is in %s / %s, labelled in %s', (id, sector, field, lang, label) => {
    expect(lookup.sectorOfConcept(id)).toBe(sector);
    expect(lookup.fieldOfConcept(id)?.code).toBe(field);
    expect(lookup.sectorOfField(lookup.fieldByCode(field)!.id)).toBe(sector);
    expect(lookup.conceptLabel(id, lang)).toBe(label);
  });
  it('returns undefined for unknown ids', () => {
    expect(lookup.conceptById(9999)).toBeUndefined();
    expect(lookup.sectorOfConcept(9999)).toBeUndefined();
    expect(lookup.fieldById(999)).toBeUndefined();
  });
});
