import { normalizeText } from './normalize-text';
import { STOPWORDS, StopwordLanguage } from './stopwords.data';

const SETS = {} as Record<StopwordLanguage, ReadonlySet<string>>;
for (const lang of Object.keys(STOPWORDS) as StopwordLanguage[]) SETS[lang] = new Set(normalizeText(STOPWORDS[lang]).split(' '));

export function stopwordSet(language: StopwordLanguage): ReadonlySet<string> {
  return SETS[language];
}

/**
 * True when the normalised token is a stopword of the given language, or of any listing
 * language when the language is unknown (a listing may mix languages, e.g. English
 * acronyms in a Thai text).
 */
export function isStopword(token: string, language?: StopwordLanguage | 'und'): boolean {
  if (language && language !== 'und') return SETS[language].has(token);
  return SETS.en.has(token) || SETS.id.has(token) || SETS.ms.has(token) || SETS.vi.has(token) || SETS.th.has(token) || SETS.zh.has(token);
}
