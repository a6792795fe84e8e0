import type { Sector, Taxonomy } from '../taxonomy/taxonomy.types';
import type { ScoringWeights } from './scoring-weights';

/**
 * Everything scoring needs besides the two listings. Lookups are functions so the worker can
 * back them with whatever it caches (maps built from the taxonomy and from document
 * frequencies) without scoring knowing where they come from.
 */
export interface ScoringContext {
  /** IDF of a concept over published listings; see computeIdf. */
  conceptIdf(conceptId: number): number;
  /** IDF of a word in one language; undefined (a language no published listing uses) counts as 1. */
  termIdf(language: string, term: string): number | undefined;
  fieldSector(fieldId: number): Sector | undefined;
  /** Field of a concept; lets concepts in the same field earn partial credit. */
  conceptField(conceptId: number): number | undefined;
  weights: ScoringWeights;
}

/**
 * Smoothed IDF, ln((1 + N) / (1 + df)) + 1: never zero, so a concept every listing carries
 * still counts a little, and a concept no published listing carries yet (df 0) gets the
 * highest weight instead of a division by zero.
 */
export function computeIdf(df: number, totalDocs: number): number {
  const n = Number.isFinite(totalDocs) && totalDocs > 0 ? totalDocs : 0;
  const d = Number.isFinite(df) && df > 0 ? Math.min(df, n) : 0;
  return Math.log((1 + n) / (1 + d)) + 1;
}

/** An IDF lookup over document frequencies; unknown keys get the df-0 weight. */
export function idfLookup<K>(documentFrequencies: ReadonlyMap<K, number>, totalDocs: number): (key: K) => number {
  const unseen = computeIdf(0, totalDocs);
  const idf = new Map<K, number>();
  for (const [key, df] of documentFrequencies) idf.set(key, computeIdf(df, totalDocs));
  return (key) => idf.get(key) ?? unseen;
}

/** Per-language IDF; a term the sample never saw (twice) is rare and gets that language's highest weight. */
export function termIdfLookup(
  docs: readonly { language: string; docs: number }[],
  terms: readonly { language: string; term: string; df: number }[],
): (language: string, term: string) => number | undefined {
  const byLanguage = new Map<string, { docs: number; unseen: number; idf: Map<string, number> }>();
  for (const { language, docs: n } of docs) byLanguage.set(language, { docs: n, unseen: computeIdf(0, n), idf: new Map() });
  for (const { language, term, df } of terms) {
    const entry = byLanguage.get(language);
    if (entry) entry.idf.set(term, computeIdf(df, entry.docs));
  }
  return (language, term) => {
    const entry = byLanguage.get(language);
    if (!entry) return undefined;
    return entry.idf.get(term) ?? entry.unseen;
  };
}

/** Field -> sector and concept -> field maps from the taxonomy, built once per taxonomy version. */
export function taxonomyLookups(taxonomy: Taxonomy): Pick<ScoringContext, 'fieldSector' | 'conceptField'> {
  const sectorOfField = new Map<number, Sector>();
  const fieldIdOfCode = new Map<string, number>();
  const fieldOfConcept = new Map<number, number>();
  for (const file of taxonomy.sectors) {
    for (const field of file.fields) {
      sectorOfField.set(field.id, field.sector);
      fieldIdOfCode.set(field.code, field.id);
    }
  }
  for (const file of taxonomy.sectors) {
    for (const concept of file.concepts) {
      const fieldId = fieldIdOfCode.get(concept.field);
      if (fieldId !== undefined) fieldOfConcept.set(concept.id, fieldId);
    }
  }
  return {
    fieldSector: (fieldId) => sectorOfField.get(fieldId),
    conceptField: (conceptId) => fieldOfConcept.get(conceptId),
  };
}
