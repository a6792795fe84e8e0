import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createTaxonomyLookup, DEFAULT_TAXONOMY_DIR, loadTaxonomy } from '../taxonomy/taxonomy.loader';
import { SECTORS, Taxonomy } from '../taxonomy/taxonomy.types';
import { analyzeListingText } from './analyze-listing-text';
import { createConceptMatcher } from './concept-matcher';
import { buildSearchQuery } from './search-document';
import { fixtureTaxonomy } from './taxonomy.fixture';

function analyzerFor(taxonomy: Taxonomy) {
  const matcher = createConceptMatcher(taxonomy);
  const lookup = createTaxonomyLookup(taxonomy);
  return (title: string, description: string, language?: 'zh' | 'en' | 'th' | 'vi' | 'id' | 'ms') =>
    analyzeListingText({ title, description, language }, matcher, lookup);
}

describe('analyzeListingText (fixture taxonomy)', () => {
  const analyze = analyzerFor(fixtureTaxonomy());

  it.each([
    ['zh', '光伏组件技术转让', '我们拥有高效光伏组件生产线，寻求在泰国合作建厂。', 'sustainable-development'],
    ['th', 'ต้องการเทคโนโลยีเซลล์แสงอาทิตย์', 'โรงงานของเราต้องการผลิตเซลล์แสงอาทิตย์สำหรับตลาดในประเทศ', 'sustainable-development'],
    ['vi', 'Vắc-xin cho gia súc', 'Chúng tôi cần công nghệ sản xuất vắc xin cho các trang trại chăn nuôi.', 'health'],
    ['en', 'AI for crop monitoring', 'A machine learning platform that detects disease from drone images.', 'digital'],
  ] as const)('%s listing: language, concepts, sector, tokens, search document', (lang, title, description, sector) => {
    const r = analyze(title, description);
    expect(r.language).toBe(lang);
    expect(r.detectedLanguage).toBe(lang);
    expect(r.languageConfidence).toBeGreaterThan(0.5);
    expect(r.conceptIds.length).toBeGreaterThan(0);
    expect(r.conceptIds).toEqual([...r.conceptIds].sort((a, b) => a - b));
    expect(Object.keys(r.conceptCounts).map(Number)).toEqual(r.conceptIds);
    expect(r.sectorSuggestion?.sector).toBe(sector);
    expect(r.fieldIds.length).toBeGreaterThan(0);
    expect(Object.keys(r.termFrequencies).length).toBeGreaterThan(2);
    for (const t of buildSearchQuery(title)) expect(r.searchDocument.split(' ')).toContain(t);
  });

  it('a Chinese photovoltaic offer and a Thai solar-cell need share their concept', () => {
    const zh = analyze('光伏组件', '高效光伏组件生产技术');
    const th = analyze('เซลล์แสงอาทิตย์', 'ต้องการเทคโนโลยีผลิตเซลล์แสงอาทิตย์');
    expect(zh.conceptIds).toEqual([1000]);
    expect(th.conceptIds).toEqual([1000]);
  });

  it('keeps a declared language but reports the detected one', () => {
    const r = analyze('Solar PV', 'Solar panels for rural schools', 'ms');
    expect(r.language).toBe('ms');
    expect(r.detectedLanguage).toBe('en');
  });

  it('uses Chinese bigrams in term frequencies and drops stopwords', () => {
    const r = analyze('光伏', '光伏的组件和光伏的电池');
    expect(r.termFrequencies['光伏']).toBe(3);
    expect(r.termFrequencies['的']).toBeUndefined();
    expect(analyze('Solar', 'the solar and the wind').termFrequencies).toEqual({ solar: 2, wind: 1 });
  });

  it('returns no sector and no concepts for text off the taxonomy', () => {
    const r = analyze('Football', 'The team won the match in the last minute.');
    expect(r.conceptIds).toEqual([]);
    expect(r.sectorSuggestion).toBeNull();
  });
});

const shipped = SECTORS.every((s) => existsSync(join(DEFAULT_TAXONOMY_DIR, `${s}.json`)));
(shipped ? describe : describe.skip)('analyzeListingText (shipped taxonomy)', () => {
  const taxonomy = shipped ? loadTaxonomy() : fixtureTaxonomy();
  const analyze = analyzerFor(taxonomy);
  const lookup = createTaxonomyLookup(taxonomy);

  it('a Chinese photovoltaic text and a Thai solar-cell text yield a common concept', () => {
    const zh = analyze('光伏组件技术', '高效光伏组件与太阳能电池生产技术转让');
    const th = analyze('เทคโนโลยีเซลล์แสงอาทิตย์', 'ต้องการเทคโนโลยีการผลิตเซลล์แสงอาทิตย์');
    const common = zh.conceptIds.filter((id) => th.conceptIds.includes(id));
    expect(common.length).toBeGreaterThan(0);
    expect(lookup.sectorOfConcept(common[0])).toBe('sustainable-development');
  });

  it.each([
    ['zh', '疫苗研发', '新型疫苗研发与生产技术', 'health'],
    ['en', 'Vaccine production', 'Technology for vaccine development and production', 'health'],
    ['vi', 'Trí tuệ nhân tạo', 'Nền tảng trí tuệ nhân tạo cho nông nghiệp', 'digital'],
    ['id', 'Kecerdasan buatan', 'Platform kecerdasan buatan untuk pertanian', 'digital'],
  ] as const)('%s text points to %s', (_lang, title, description, sector) => {
    expect(analyze(title, description).sectorSuggestion?.sector).toBe(sector);
  });

  it('does not find ai in rain with the real terms', () => {
    expect(analyze('Rain', 'rain rain rain in the plain').conceptIds).toEqual([]);
  });
});
