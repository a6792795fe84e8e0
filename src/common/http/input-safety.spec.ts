import { findUnsafeInput, MAX_INPUT_DEPTH } from './input-safety';

const nested = (depth: number): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
};

describe('findUnsafeInput', () => {
  it.each([
    ['plain text of the forum languages', { title: '光伏 เซลล์แสงอาทิตย์ Pin mặt trời ☀️', keywords: ['储能'] }],
    ['numbers, booleans, null', { trl: 8, draft: true, deadline: null }],
    ['a surrogate pair (emoji)', '🔋'],
    [`nesting of ${MAX_INPUT_DEPTH - 1} levels`, nested(MAX_INPUT_DEPTH - 1)],
    ['undefined', undefined],
  ])('accepts %s', (_, value) => {
    expect(findUnsafeInput(value)).toBeNull();
  });

  it.each([
    ['a NUL in a field', { title: 'a\u0000b' }, 'title must not contain NUL characters (\\u0000)'],
    ['a NUL in a list', { keywords: ['ok', 'x\u0000'] }, 'keywords[1] must not contain NUL'],
    ['a NUL in a nested field', { party: { name: '\u0000' } }, 'party.name must not contain NUL'],
    ['a lone high surrogate', { title: 'a\uD83D b' }, 'title is not well-formed Unicode'],
    ['a lone low surrogate', { title: '\uDE00' }, 'title is not well-formed Unicode'],
    ['a high surrogate at the end', { title: 'abc\uD800' }, 'title is not well-formed Unicode'],
    ['a NUL in a property name', { 'ti\u0000tle': 'x' }, 'a property name in the request body must not contain NUL'],
    ['a NUL in the whole body', 'csv\u0000', 'the request body must not contain NUL'],
    ['deep nesting', { extra: nested(10_000) }, `is nested too deeply (at most ${MAX_INPUT_DEPTH} levels)`],
  ])('refuses %s', (_, value, message) => {
    expect(findUnsafeInput(value)).toContain(message);
  });

  it('names a path parameter or the query string', () => {
    expect(findUnsafeInput('a\u0000', { root: 'id' })).toBe('id must not contain NUL characters (\\u0000)');
    expect(findUnsafeInput({ q: '\uDC00' }, { whole: 'the query string' })).toBe('q is not well-formed Unicode (it holds a lone surrogate)');
    expect(findUnsafeInput(nested(40), { whole: 'the query string' })).toMatch(/^.+ is nested too deeply/);
  });

  it('checks only the nesting of a body its route parses itself', () => {
    expect(findUnsafeInput('csv\u0000', { depthOnly: true })).toBeNull();
    expect(findUnsafeInput([{ title: '\uD800' }], { depthOnly: true })).toBeNull();
    expect(findUnsafeInput(nested(40), { depthOnly: true })).toMatch(/nested too deeply/);
  });

  it('walks a million-level array without overflowing the stack', () => {
    let value: unknown[] = [];
    for (let i = 0; i < 1_000_000; i++) value = [value];
    expect(findUnsafeInput(value)).toMatch(/nested too deeply/);
  });
});
