/**
 * The multilingual technology taxonomy: sector -> field -> concept.
 * Plain data, no framework imports, so scoring and text analysis can use it anywhere.
 */

export const SECTORS = ['sustainable-development', 'health', 'digital'] as const;
export type Sector = (typeof SECTORS)[number];

/** The six languages every field and concept must carry terms in. */
export const TAXONOMY_LANGUAGES = ['zh', 'en', 'th', 'vi', 'id', 'ms'] as const;
export type TaxonomyLanguage = (typeof TAXONOMY_LANGUAGES)[number];

export type Labels = Record<TaxonomyLanguage, string>;
export type Terms = Record<TaxonomyLanguage, string[]>;

export interface TaxonomyField {
  /** Stable integer id, stored in listings' `field_ids int[]`; never reused. */
  id: number;
  /** Stable code used in the API, e.g. `sd.renewable-energy`. */
  code: string;
  sector: Sector;
  labels: Labels;
  /** IPC classes, WIPO GREEN categories etc. that the field follows. */
  references?: string[];
}

export interface TaxonomyConcept {
  /** Stable integer id, stored in listings' `concept_ids int[]`; never reused. */
  id: number;
  /** Stable code, e.g. `sd.renewable-energy.photovoltaics`. */
  code: string;
  /** Code of the field this concept belongs to. */
  field: string;
  /** One preferred label per language, shown in explanations. */
  labels: Labels;
  /** Surface forms (synonyms, abbreviations) matched in text; the label is matched too. */
  terms: Terms;
  /** UN Sustainable Development Goals (1-17) the concept serves. */
  sdgs: number[];
}

/** One sector's file under `data/`. */
export interface SectorTaxonomyFile {
  sector: Sector;
  labels: Labels;
  fields: TaxonomyField[];
  concepts: TaxonomyConcept[];
}

export interface Taxonomy {
  version: string;
  sources: string[];
  sectors: SectorTaxonomyFile[];
}
