import { buildSearchDocument, buildSearchQuery } from './search-document';

/** What `to_tsvector('simple', doc) @@ plainto_tsquery('simple', q)` decides, for whitespace tokens. */
function finds(document: string, query: string): boolean {
  const tokens = new Set(buildSearchDocument(document).split(' '));
  const q = buildSearchQuery(query);
  return q.length > 0 && q.every((t) => tokens.has(t));
}

describe('search document and query', () => {
  it.each([
    ['a two-character Chinese word inside a longer one', '我们生产高效光伏组件', '光伏', true],
    ['a Chinese phrase the segmenter splits differently', '本公司的太阳能电池技术', '太阳能电池', true],
    ['Chinese not present', '我们生产高效光伏组件', '疫苗', false],
    ['a Thai word', 'บริษัทพัฒนาเซลล์แสงอาทิตย์และระบบกักเก็บพลังงาน', 'พลังงาน', true],
    ['a Thai compound', 'บริษัทพัฒนาเซลล์แสงอาทิตย์และระบบกักเก็บพลังงาน', 'เซลล์แสงอาทิตย์', true],
    ['Vietnamese typed with diacritics', 'Công nghệ pin năng lượng mặt trời', 'năng lượng', true],
    ['Vietnamese typed without diacritics', 'Công nghệ pin năng lượng mặt trời', 'nang luong', true],
    ['Vietnamese with a different tone mark', 'Công nghệ pin năng lượng mặt trời', 'nàng', false],
    ['English, case and stopwords ignored', 'Low-cost Water Purification for rural areas', 'the water purification', true],
    ['English, every query word required', 'Low-cost Water Purification for rural areas', 'water desalination', false],
    ['Indonesian', 'Teknologi pengolahan limbah cair industri', 'limbah cair', true],
  ])('%s', (_name, document, query, expected) => {
    expect(finds(document, query)).toBe(expected);
  });

  it('holds each token once and the folded forms beside the originals', () => {
    const doc = buildSearchDocument('Điện mặt trời, điện gió và điện mặt trời').split(' ');
    expect(doc).toEqual(expect.arrayContaining(['điện', 'dien', 'mặt', 'mat', 'gió', 'gio']));
    expect(doc.filter((t) => t === 'điện')).toHaveLength(1);
    expect(doc).not.toContain('và');
  });

  it('keeps the words of a stopword-only query', () => {
    expect(buildSearchQuery('the')).toEqual(['the']);
    expect(buildSearchQuery('  ')).toEqual([]);
  });
});
