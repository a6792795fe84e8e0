import { createConceptMatcher } from './concept-matcher';
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
