import { isHan } from './char-scripts';

/**
 * Node 20's ICU word segmenter is quadratic in the length of one input: measured here,
 * 100,000 characters of Chinese take 12 s in one call and 58 ms in 500-character chunks
 * (Thai 5.6 s vs 23 ms). Chunks of about 500 characters cost no more than smaller ones.
 */
export const SEGMENT_CHUNK_SIZE = 500;
/** How far back from the chunk end to look for a safe break before cutting hard. */
const BREAK_LOOKBACK = 200;

const segmenter = new Intl.Segmenter('und', { granularity: 'word' });

/** Where a chunk may end without splitting a word: after whitespace or punctuation. */
function isBreak(code: number): boolean {
  return (
    code === 0x20 ||
    code === 0x0a ||
    code === 0x09 ||
    code === 0x2c ||
    code === 0x2e ||
    code === 0x3b ||
    code === 0x21 ||
    code === 0x3f ||
    (code >= 0x3000 && code <= 0x303f) || // CJK punctuation: 。、「」
    (code >= 0xff01 && code <= 0xff0f) || // full-width ！（），
    code === 0xff1a ||
    code === 0xff1b ||
    code === 0xff1f
  );
}

/** Splits text into chunks of at most about `size` characters, ending on breaks where possible. */
export function chunkText(text: string, size = SEGMENT_CHUNK_SIZE): string[] {
  if (text.length <= size) return [text];
  const chunks: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + size, text.length);
    if (end < text.length) {
      let cut = end;
      while (cut > end - BREAK_LOOKBACK && cut > start && !isBreak(text.charCodeAt(cut - 1))) cut--;
      if (cut > end - BREAK_LOOKBACK && cut > start) end = cut;
      // No break nearby (e.g. unpunctuated Thai): cut hard but never inside a surrogate pair.
      else if (text.charCodeAt(end - 1) >= 0xd800 && text.charCodeAt(end - 1) <= 0xdbff) end--;
    }
    chunks.push(text.slice(start, end));
    start = end;
  }
  return chunks;
}

const HAN_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/gu;

/**
 * Scripts written without spaces, which need ICU's dictionaries: Han, kana, Thai, Lao, Myanmar,
 * Khmer. Everything else (Latin with Vietnamese tones, Cyrillic...) separates words by spaces
 * and punctuation, which a regular expression finds ten times faster than ICU.
 */
const DICTIONARY_CHARS = '\\u0e00-\\u0eff\\u1000-\\u109f\\u1780-\\u17ff\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff';
/**
 * A run spans spaces and punctuation between such characters, so ICU gets long stretches (each
 * call has a fixed cost, and Thai puts a space between phrases); a dot stays inside the run, as
 * Thai abbreviations (ค.ศ., ดร.) are one word to ICU.
 */
const DICTIONARY_RUN = new RegExp(`[${DICTIONARY_CHARS}]+(?:[^\\p{L}\\p{M}\\p{N}]+[${DICTIONARY_CHARS}]+)*\\.?`, 'gu');
/** ICU's word rules in short: letters, marks and digits, joined across an apostrophe or a dot, and a comma between digits. */
const SPACED_WORD = /[\p{L}\p{M}\p{Nd}]+(?:(?:['\u2019.]|(?<=\p{Nd}),(?=\p{Nd}))[\p{L}\p{M}\p{Nd}]+)*/gu;

/**
 * Word-like segments of the text, in order. `skipHan` leaves Chinese out, for callers
 * that index Chinese by `hanBigrams` instead: ICU's Chinese dictionary is its slowest
 * path (1.6 M chars/s against 3.3 for Thai). The root locale is used on purpose: ICU
 * picks the dictionary by script (Chinese, Thai, Lao, Khmer, Burmese), not by locale,
 * so mixed-language listings segment correctly.
 */
export function segmentWords(text: string, options: { skipHan?: boolean } = {}): string[] {
  const words: string[] = [];
  const input = options.skipHan ? text.replace(HAN_RUN, ' ') : text;
  let last = 0;
  for (const run of input.matchAll(DICTIONARY_RUN)) {
    pushSpacedWords(input.slice(last, run.index), words);
    for (const chunk of chunkText(run[0])) {
      for (const s of segmenter.segment(chunk)) if (s.isWordLike) words.push(s.segment);
    }
    last = run.index + run[0].length;
  }
  pushSpacedWords(input.slice(last), words);
  return words;
}

function pushSpacedWords(text: string, words: string[]): void {
  for (const match of text.matchAll(SPACED_WORD)) words.push(match[0]);
}

/**
 * Overlapping character bigrams of every run of Han characters. Search and similarity
 * in Chinese rest on these because ICU splits many technical words (光伏 -> 光|伏,
 * 组件 -> 组|件) while a two-character word is always one bigram of its text.
 * A run of one character yields that character.
 */
export function hanBigrams(text: string): string[] {
  const out: string[] = [];
  let runStart = -1;
  for (let i = 0; i <= text.length; i++) {
    const han = i < text.length && isHan(text.charCodeAt(i));
    if (han) {
      if (runStart < 0) runStart = i;
      continue;
    }
    if (runStart >= 0) {
      if (i - runStart === 1) out.push(text[runStart]);
      else for (let j = runStart; j + 1 < i; j++) out.push(text.slice(j, j + 2));
      runStart = -1;
    }
  }
  return out;
}
