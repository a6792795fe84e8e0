import { TaxonomyLookup } from '../taxonomy/taxonomy.loader';
import { TaxonomyLanguage } from '../taxonomy/taxonomy.types';
import { ConceptMatcher } from './concept-matcher';
import { DetectedLanguage, detectLanguage } from './detect-language';
import { normalizeText } from './normalize-text';
import { searchDocumentFromWords } from './search-document';
import { segmentWords } from './segment-words';
import { SectorSuggestion, suggestSector } from './suggest-sector';
import { termFrequencies } from './term-frequencies';

export interface ListingTextInput {
  title: string;
  description: string;
  /** The language the party declared, if any; it wins over detection. */
  language?: TaxonomyLanguage;
}

export interface ListingTextAnalysis {
  /** Declared language, else the detected one. */
  language: DetectedLanguage;
  detectedLanguage: DetectedLanguage;
  languageConfidence: number;
  /** Sorted, unique. */
  conceptIds: number[];
  /** Concept id (as a string key, for JSON columns) -> occurrences. */
  conceptCounts: Record<string, number>;
  /** Fields of the concepts, sorted, unique. */
  fieldIds: number[];
  /** Normalised, stopword-free tokens -> count (Chinese as character bigrams). */
  termFrequencies: Record<string, number>;
  sectorSuggestion: SectorSuggestion | null;
  /** For `to_tsvector('simple', ...)`. */
  searchDocument: string;
}

/**
 * The one entry point the listings service and the matching worker call. Title and
 * description are analysed together: titles alone are too short to tell Indonesian from
 * Malay, and a concept named only in the title still counts.
 */
export function analyzeListingText(input: ListingTextInput, matcher: ConceptMatcher, lookup: TaxonomyLookup): ListingTextAnalysis {
  const text = `${input.title}\n${input.description}`;
  const detected = detectLanguage(text);
  const language = input.language ?? detected.language;
  const normalized = normalizeText(text);
  // Chinese words are not needed: similarity and search use character bigrams.
  const words = segmentWords(normalized, { skipHan: true });
  const concepts = matcher.extract(text);
  return {
    language,
    detectedLanguage: detected.language,
    languageConfidence: detected.confidence,
    conceptIds: concepts.conceptIds,
    conceptCounts: Object.fromEntries([...concepts.counts].sort((a, b) => a[0] - b[0]).map(([id, n]) => [String(id), n])),
    fieldIds: concepts.fieldIds,
    termFrequencies: Object.fromEntries(termFrequencies(normalized, language, words)),
    sectorSuggestion: suggestSector(concepts.counts, lookup),
    searchDocument: searchDocumentFromWords(normalized, words),
  };
}
