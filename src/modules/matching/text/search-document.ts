import { isHan } from './char-scripts';
import { foldDiacritics, normalizeText } from './normalize-text';
import { hanBigrams, segmentWords } from './segment-words';
import { isStopword } from './stopwords';

/**
 * Keeps only letters, digits and inner hyphens: PostgreSQL's parser would split on
 * anything else anyway, and must see the same tokens in the document and the query.
 */
const NON_TOKEN = /[^\p{L}\p{M}\p{N}-]+/gu;

function searchTokens(normalized: string, words: string[], forQuery: boolean): string[] {
  const out: string[] = [];
  // Each distinct word once: long texts repeat their words, and the result is deduplicated anyway.
  for (const word of new Set(words)) {
    // Chinese is searched by bigrams only: the query and the listing may segment differently.
    if (isHan(word.charCodeAt(0))) continue;
    const token = word.replace(NON_TOKEN, '').replace(/^-+|-+$/gu, '');
    if (token === '' || isStopword(token)) continue;
    out.push(token);
    // The document holds the folded form too, so a query typed without diacritics finds it;
    // a query typed with diacritics keeps them and matches the exact form.
    if (!forQuery) {
      const folded = foldDiacritics(token);
      if (folded !== token) out.push(folded);
    }
  }
  for (const bigram of hanBigrams(normalized)) out.push(bigram);
  return out;
}

/**
 * Text for a column indexed with `to_tsvector('simple', search_document)`: segmented
 * words without stopwords, their diacritic-folded forms and Chinese character bigrams,
 * space-separated, each once (positions are not needed, and it keeps long texts small).
 */
export function buildSearchDocument(text: string): string {
  const normalized = normalizeText(text);
  return searchDocumentFromWords(normalized, segmentWords(normalized, { skipHan: true }));
}

/** `buildSearchDocument` for text already normalised and segmented with `segmentWords` (Han words are ignored). */
export function searchDocumentFromWords(normalized: string, words: string[]): string {
  return [...new Set(searchTokens(normalized, words, false))].join(' ');
}

/**
 * Tokens a listing must all contain (AND) to match the query, built like the document:
 * pass them to `plainto_tsquery('simple', tokens.join(' '))`.
 * A stopword-only query keeps its words rather than matching everything.
 */
export function buildSearchQuery(query: string): string[] {
  const normalized = normalizeText(query);
  const tokens = [...new Set(searchTokens(normalized, segmentWords(normalized, { skipHan: true }), true))];
  if (tokens.length > 0) return tokens;
  return [...new Set(normalized.replace(NON_TOKEN, ' ').split(' ').filter((t) => t !== ''))];
}
