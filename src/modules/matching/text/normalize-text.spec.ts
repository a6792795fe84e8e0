import { foldDiacritics, normalizeText } from './normalize-text';

describe('normalizeText', () => {
  it.each([
    ['full-width Latin and digits', 'ＡＩ　５Ｇ', 'ai 5g'],
    ['whitespace folded and trimmed', '  Solar\t\n PV  ', 'solar pv'],
    ['Vietnamese keeps its diacritics', 'Năng Lượng Mặt Trời', 'năng lượng mặt trời'],
    ['Turkish dotted capital I lower-cased without locale', 'İNOVASYON', 'i̇novasyon'],
    ['Chinese unchanged', '光伏组件', '光伏组件'],
    ['Thai sara am stays one form', 'น้ำ', 'น้ํา'],
  ])('%s', (_name, input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });
});

describe('foldDiacritics', () => {
  it.each([
    ['Vietnamese tone marks and đ', 'điện mặt trời', 'dien mat troi'],
    ['Vietnamese horn letters', 'trí tuệ nhân tạo ứng dụng', 'tri tue nhan tao ung dung'],
    ['Thai vowels and tone marks are kept', 'เซลล์แสงอาทิตย์', 'เซลล์แสงอาทิตย์'],
    ['ASCII untouched', 'solar pv', 'solar pv'],
  ])('%s', (_name, input, expected) => {
    expect(foldDiacritics(normalizeText(input))).toBe(expected);
  });
});
