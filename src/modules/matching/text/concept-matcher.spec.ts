import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildTaxonomy, DEFAULT_TAXONOMY_DIR } from '../taxonomy/taxonomy.loader';
import { Labels, Sector, SECTORS, SectorTaxonomyFile, Taxonomy, TaxonomyConcept, Terms } from '../taxonomy/taxonomy.types';
import { createConceptMatcher, isCaseSensitiveAcronym } from './concept-matcher';
import { fixtureTaxonomy } from './taxonomy.fixture';

const matcher = createConceptMatcher(fixtureTaxonomy());
const counts = (text: string): Record<number, number> => Object.fromEntries(matcher.extract(text).counts);

describe('createConceptMatcher', () => {
  it.each([
    ['zh', '本公司生产高效光伏组件和太阳能电池。', { 1000: 2 }],
    ['th', 'ต้องการเทคโนโลยีเซลล์แสงอาทิตย์สำหรับโรงงาน', { 1000: 1 }],
    ['vi with diacritics', 'Công nghệ pin mặt trời cho nông thôn', { 1000: 1 }],
    ['vi typed without diacritics', 'Cong nghe pin mat troi cho nong thon', { 1000: 1 }],
    ['id', 'Teknologi sel surya dan irigasi tetes', { 1000: 1, 1001: 1 }],
    ['ms', 'Teknologi sel suria dan pengairan titis', { 1000: 1, 1001: 1 }],
    ['en plural', 'We sell solar panels and PV inverters', { 1000: 2 }],
    ['en acronym in Chinese', '基于AI的区块链平台', { 3000: 1, 3002: 1 }],
    ['en upper case and full width', 'ＡＩ for MACHINE LEARNING', { 3000: 1, 3001: 1 }],
  ])('%s', (_name, text, expected) => {
    expect(counts(text)).toEqual(expected);
  });

  it.each([
    ['ai inside rain', 'Heavy rain and drainage in the main plain'],
    ['pv inside a word', 'pvc pipes and spvx'],
    ['drug inside drugstore-like word', 'drugstores'],
    ['Thai ยา inside ยาว (long) and พยาบาล (nurse)', 'ถนนยาวมากและพยาบาลทำงาน'],
  ])('does not match %s', (_name, text) => {
    expect(counts(text)).toEqual({});
  });

  it('finds a short Thai term when it is a word of its own', () => {
    expect(counts('ผู้ป่วยต้องการยาราคาถูก')).toEqual({ 2001: 1 });
  });

  it('takes the longest term and never counts overlapping ones', () => {
    // 光伏组件 is one term; 光伏 inside it must not count again.
    expect(counts('光伏组件')).toEqual({ 1000: 1 });
    expect(counts('artificial intelligence')).toEqual({ 3000: 1 });
  });

  it('derives field ids and sorts ids', () => {
    const r = matcher.extract('区块链 vaccine 滴灌 AI');
    expect(r.conceptIds).toEqual([1001, 2000, 3000, 3002]);
    expect(r.fieldIds).toEqual([101, 200, 300, 301]);
  });

  it('gives the same concept for a Chinese photovoltaic text and a Thai solar-cell text', () => {
    expect(matcher.extract('光伏发电站').conceptIds).toEqual(matcher.extract('โรงไฟฟ้าเซลล์แสงอาทิตย์').conceptIds);
  });

  it('counts every occurrence in a long text', () => {
    expect(counts('光伏组件。'.repeat(5000))).toEqual({ 1000: 5000 });
  });
});

/** A small taxonomy with acronyms written as the real data writes them (`AI`, `IoT`, `5G`). */
function acronymTaxonomy(): Taxonomy {
  const all = (...t: string[]): Terms => ({ zh: t, en: t, th: t, vi: t, id: t, ms: t });
  const labelsOf = (terms: Terms): Labels => Object.fromEntries(Object.entries(terms).map(([l, t]) => [l, t[0]])) as Labels;
  const concept = (id: number, field: string, terms: Terms): TaxonomyConcept => ({ id, code: `c${id}`, field, labels: labelsOf(terms), terms, sdgs: [9] });
  const file = (sector: Sector, fieldId: number, field: string, concepts: TaxonomyConcept[]): SectorTaxonomyFile => ({
    sector,
    labels: labelsOf(all(sector)),
    fields: [{ id: fieldId, code: field, sector, labels: labelsOf(all(field)) }],
    concepts,
  });
  return buildTaxonomy([
    file('sustainable-development', 100, 'sd.energy', [
      concept(1000, 'sd.energy', {
        zh: ['光伏', 'PV'],
        en: ['Solar Panel', 'PV', 'photovoltaics'],
        th: ['เซลล์แสงอาทิตย์', 'PV'],
        vi: ['pin mặt trời', 'PV'],
        id: ['sel surya', 'PV'],
        ms: ['sel suria', 'PV'],
      }),
      concept(1001, 'sd.energy', { ...all('EV'), en: ['EV', 'electric vehicle'] }),
    ]),
    file('digital', 300, 'digital.all', [
      concept(3000, 'digital.all', {
        zh: ['人工智能', 'AI', 'AI技术'],
        en: ['artificial intelligence', 'AI'],
        th: ['ปัญญาประดิษฐ์', 'AI'],
        vi: ['trí tuệ nhân tạo', 'AI'],
        id: ['kecerdasan buatan', 'AI'],
        ms: ['kecerdasan buatan', 'AI'],
      }),
      concept(3001, 'digital.all', { ...all('IoT'), zh: ['物联网', 'IoT'], en: ['IoT', 'internet of things'] }),
      concept(3002, 'digital.all', all('5G')),
      concept(3003, 'digital.all', all('SaaS')),
      concept(3004, 'digital.all', all('RFID')),
      // Written both ways in the data: the lower-case form makes it case-insensitive.
      concept(3005, 'digital.all', { ...all('LoRa'), en: ['LoRa', 'lora'] }),
    ]),
  ]);
}

describe('createConceptMatcher: case-sensitive acronyms', () => {
  const acronyms = createConceptMatcher(acronymTaxonomy());
  const found = (text: string): Record<number, number> => Object.fromEntries(acronyms.extract(text).counts);

  it.each([
    ['vi: ai is "anyone"', 'Không ai biết điều đó', {}],
    ['vi: upper-case AI is the concept', 'Ứng dụng AI trong nông nghiệp', { 3000: 1 }],
    ['vi typed without diacritics', 'Ung dung AI trong nong nghiep, khong ai biet', { 3000: 1 }],
    ['en: lower-case ai in prose', 'the ai said hi, and ai again', {}],
    ['en: AI', 'AI for crop monitoring', { 3000: 1 }],
    ['IoT as written in the taxonomy', 'An IoT platform for farms', { 3001: 1 }],
    ['iot in lower case', 'an iot platform for farms', {}],
    ['IOT in capitals is not a taxonomy form', 'IOT PLATFORM', {}],
    ['IoT still needs word boundaries', 'IoTx xIoT IoT2', {}],
    ['5G', 'Mạng 5G cho nhà máy', { 3002: 1 }],
    ['5g is five grams', 'add 5g of sugar', {}],
    ['RFID', 'RFID tags for warehouses', { 3004: 1 }],
    ['Rfid', 'Rfid tags for warehouses', {}],
    ['id/ms: pv and ev in lower case', 'pv ev sel surya', { 1000: 1 }],
    ['id: PV and EV', 'Panel PV dan pengisian EV', { 1000: 1, 1001: 1 }],
    ['acronym plural', 'cheap RFIDs, not rfids', { 3004: 1 }],
    ['full-width ＡＩ is AI after NFKC', '基于ＡＩ的平台', { 3000: 1 }],
    ['full-width lower-case ａｉ', '基于ａｉ的平台', {}],
    ['acronyms between Han characters', '基于AI的IoT平台', { 3000: 1, 3001: 1 }],
    ['mixed Han term AI技术 matches in any case', 'ai技术', { 3000: 1 }],
    ['zh unaffected', '人工智能和物联网与光伏', { 1000: 1, 3000: 1, 3001: 1 }],
    ['th unaffected', 'ปัญญาประดิษฐ์และเซลล์แสงอาทิตย์', { 1000: 1, 3000: 1 }],
    ['th with an acronym', 'ระบบ AI สำหรับโรงงาน', { 3000: 1 }],
    ['non-acronym term, title case', 'Solar Panel installation', { 1000: 1 }],
    ['non-acronym term, lower case', 'solar panel installation', { 1000: 1 }],
    ['non-acronym term, capitals and plural', 'SOLAR PANELS', { 1000: 1 }],
    ['SaaS (two lower-case letters in a row) is case-insensitive', 'SaaS saas SAAS', { 3003: 3 }],
    ['LoRa also written lora in the data', 'LoRa lora LORA', { 3005: 3 }],
    ['offsets shift (q̃ has no precomposed form)', 'q̃ q̃ AI, q̃ ai, IoT iot', { 3000: 1, 3001: 1 }],
    ['Turkish İ and collapsed whitespace', 'İzmir   İstanbul\t\tAI  ai', { 3000: 1 }],
  ])('%s', (_name, text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it.each([
    ['AI', true],
    ['PV', true],
    ['RFID', true],
    ['5G', true],
    ['V2X', true],
    ['IoT', true],
    ['IIoT', true],
    ['LoRa', true],
    ['eKYC', true],
    ['ＡＩ', true],
    ['ai', false],
    ['pv', false],
    ['5', false],
    ['SaaS', false],
    ['Dron', false],
    ['SCADA', false],
    ['AI技术', false],
    ['Solar Panel', false],
  ])('%s is a case-sensitive acronym: %s', (form, expected) => {
    expect(isCaseSensitiveAcronym(form)).toBe(expected);
  });

  it('counts an acronym term once in the automaton', () => {
    expect(acronyms.termCount).toBe(createConceptMatcher(acronymTaxonomy()).termCount);
    expect(acronyms.extract('AI AI ai').counts.get(3000)).toBe(2);
  });
});

const digitalFile = join(DEFAULT_TAXONOMY_DIR, 'digital.json');
(existsSync(digitalFile) ? describe : describe.skip)('createConceptMatcher: acronyms in the shipped digital sector', () => {
  // The other sector files arrive separately: use those shipped so far.
  const files = SECTORS.map((s) => join(DEFAULT_TAXONOMY_DIR, `${s}.json`))
    .filter((f) => existsSync(f))
    .map((f) => JSON.parse(readFileSync(f, 'utf8')) as SectorTaxonomyFile);
  const shipped = createConceptMatcher(buildTaxonomy(files));
  const ids = (text: string) => shipped.extract(text).conceptIds;
  const AI = 3000;
  const IOT = 3050;

  it.each([
    ['vi: Không ai biết', 'Không ai biết điều đó', AI, false],
    ['vi: AI in agriculture', 'Ứng dụng AI trong nông nghiệp', AI, true],
    ['en: lower-case ai', 'nobody said ai would help', AI, false],
    ['IoT', 'IoT sensors for greenhouses', IOT, true],
    ['iot', 'iot sensors for greenhouses', IOT, false],
    ['zh', '人工智能平台', AI, true],
    ['th', 'ปัญญาประดิษฐ์สำหรับโรงงาน', AI, true],
  ])('%s', (_name, text, concept, expected) => {
    expect(ids(text).includes(concept)).toBe(expected);
  });
});
