import { chunkText, hanBigrams, segmentWords } from './segment-words';

describe('chunkText', () => {
  it.each([
    ['Vietnamese with spaces', 'công nghệ năng lượng mặt trời '.repeat(100), ' '],
    ['Chinese with full stops', '我们开发了光伏组件。'.repeat(200), '。'],
  ])('%s: chunks reassemble the text, stay within the size and end on a break', (_name, text, breakChar) => {
    const chunks = chunkText(text, 500);
    expect(chunks.join('')).toBe(text);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks.slice(0, -1)) {
      expect(c.length).toBeLessThanOrEqual(500);
      expect(c.endsWith(breakChar)).toBe(true);
    }
  });

  it('cuts unbroken text hard rather than producing one huge chunk', () => {
    const text = 'เซลล์แสงอาทิตย์'.repeat(300);
    const chunks = chunkText(text, 500);
    expect(chunks.join('')).toBe(text);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(500);
  });
});

describe('segmentWords', () => {
  it.each([
    ['Thai', 'บริษัทพัฒนาเซลล์แสงอาทิตย์และระบบกักเก็บพลังงาน', ['เซลล์', 'แสง', 'อาทิตย์', 'พลังงาน']],
    ['Chinese', '中国公司提供电池技术', ['中国', '公司', '电池', '技术']],
    ['Vietnamese', 'công nghệ pin mặt trời', ['công', 'nghệ', 'pin', 'mặt', 'trời']],
    ['English with punctuation', 'Solar PV, batteries.', ['Solar', 'PV', 'batteries']],
  ])('%s', (_name, text, expected) => {
    const words = segmentWords(text);
    for (const w of expected) expect(words).toContain(w);
    expect(words.every((w) => !/^[\s,.]+$/u.test(w))).toBe(true);
  });

  it.each([
    ['English', "Don't miss the 3.5 kW e-bike, 1,000 units for the U.S. market."],
    ['Vietnamese', 'Công nghệ xử lý nước thải 2,5 m³/giờ cho làng nghề.'],
    ['Indonesian', 'Alat tes cepat (rapid test) demam berdarah: hasil dalam 15 menit!'],
    ['Thai with an abbreviation and English', 'ดร.สมชาย ใช้ระบบ IoT ในปีค.ศ. 2022 สำหรับโซลาร์เซลล์'],
    ['mixed Chinese and English', '光伏 PV 组件, 10 MW'],
  ])('finds the words ICU finds: %s', (_name, text) => {
    const icu = [...new Intl.Segmenter('und', { granularity: 'word' }).segment(text)].filter((s) => s.isWordLike).map((s) => s.segment);
    expect(segmentWords(text)).toEqual(icu);
  });

  it('gives the same words for a long text as for its parts', () => {
    const sentence = 'ระบบกักเก็บพลังงานสำหรับโรงงาน ';
    expect(segmentWords(sentence.repeat(200))).toEqual(Array(200).fill(segmentWords(sentence)).flat());
  });
});

describe('hanBigrams', () => {
  it.each([
    ['光伏组件', ['光伏', '伏组', '组件']],
    ['AI芯片与5G', ['芯片', '片与']],
    ['药 ok', ['药']],
    ['no han', []],
  ])('%s', (text, expected) => {
    expect(hanBigrams(text)).toEqual(expected);
  });
});
