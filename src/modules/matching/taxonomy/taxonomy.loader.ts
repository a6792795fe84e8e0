import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Labels,
  SECTORS,
  Sector,
  SectorTaxonomyFile,
  TAXONOMY_LANGUAGES,
  Taxonomy,
  TaxonomyConcept,
  TaxonomyField,
  TaxonomyLanguage,
} from './taxonomy.types';

export const TAXONOMY_SOURCES: readonly string[] = [
  'Enterprise Europe Network (EEN) technology keywords',
  'WIPO International Patent Classification (IPC)',
  'WIPO GREEN technology categories',
  "China's Strategic Emerging Industries classification (战略性新兴产业分类, 2018)",
];

/** Id ranges per sector, so an id tells its sector and ids never collide across files. */
export const SECTOR_ID_RANGES: Record<Sector, { fields: [number, number]; concepts: [number, number] }> = {
  'sustainable-development': { fields: [100, 199], concepts: [1000, 1999] },
  health: { fields: [200, 299], concepts: [2000, 2999] },
  digital: { fields: [300, 399], concepts: [3000, 3999] },
};

export const MIN_CONCEPTS_TOTAL = 300;

/** Data directory next to this file, in src/ under ts-jest and in dist/src/ once built. */
export const DEFAULT_TAXONOMY_DIR = join(__dirname, 'data');

/**
 * Reads and validates the three sector files. Throws one Error listing every problem,
 * so a data author sees all of them at once rather than one per start-up.
 */
export function loadTaxonomy(dir: string = DEFAULT_TAXONOMY_DIR): Taxonomy {
  const problems: string[] = [];
  const files: SectorTaxonomyFile[] = [];
  for (const sector of SECTORS) {
    const path = join(dir, `${sector}.json`);
    if (!existsSync(path)) {
      problems.push(`${sector}: file ${path} is missing`);
      continue;
    }
    try {
      files.push(JSON.parse(readFileSync(path, 'utf8')) as SectorTaxonomyFile);
    } catch (e) {
      problems.push(`${sector}: ${path} is not valid JSON (${(e as Error).message})`);
    }
  }
  if (problems.length > 0) throw new Error(`Invalid taxonomy in ${dir}:\n- ${problems.join('\n- ')}`);
  return buildTaxonomy(files, { minConcepts: MIN_CONCEPTS_TOTAL });
}

/**
 * Validates sector files and stamps them with a content version; throws listing every problem.
 * The 300-concept floor applies to the shipped data (loadTaxonomy), not to test fixtures.
 */
export function buildTaxonomy(files: SectorTaxonomyFile[], options: { minConcepts?: number } = {}): Taxonomy {
  const problems = validateTaxonomyFiles(files, options.minConcepts ?? 0);
  if (problems.length > 0) throw new Error(`Invalid taxonomy:\n- ${problems.join('\n- ')}`);
  const sectors = [...files].sort((a, b) => SECTORS.indexOf(a.sector) - SECTORS.indexOf(b.sector));
  return { version: taxonomyVersion(sectors), sources: [...TAXONOMY_SOURCES], sectors };
}

/** 'tax-' + 12 hex chars of a sha256 over key-sorted JSON: any data change, and only that, changes it. */
export function taxonomyVersion(files: SectorTaxonomyFile[]): string {
  const sorted = [...files].sort((a, b) => a.sector.localeCompare(b.sector));
  return 'tax-' + createHash('sha256').update(canonicalJson(sorted)).digest('hex').slice(0, 12);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

export function validateTaxonomyFiles(files: SectorTaxonomyFile[], minConcepts: number): string[] {
  const problems: string[] = [];
  const ids = new Map<number, string>();
  const codes = new Map<string, string>();
  const fieldCodes = new Map<string, Sector>();
  const seenSectors = new Set<string>();
  let conceptCount = 0;

  const claim = (id: unknown, code: unknown, where: string): void => {
    if (!Number.isInteger(id)) problems.push(`${where}: id ${String(id)} is not an integer`);
    else if (ids.has(id as number)) problems.push(`${where}: id ${String(id)} already used by ${ids.get(id as number)}`);
    else ids.set(id as number, where);
    if (typeof code !== 'string' || code.trim() === '') problems.push(`${where}: code is missing`);
    else if (codes.has(code)) problems.push(`${where}: code ${code} already used by ${codes.get(code)}`);
    else codes.set(code, where);
  };
  const checkLabels = (labels: Labels | undefined, where: string): void => {
    for (const lang of TAXONOMY_LANGUAGES) {
      const label = labels?.[lang];
      if (typeof label !== 'string' || label.trim() === '') problems.push(`${where}: label in ${lang} is missing`);
    }
  };
  const inRange = (id: number, [lo, hi]: [number, number]): boolean => id >= lo && id <= hi;

  for (const file of files) {
    if (!(SECTORS as readonly string[]).includes(file?.sector)) {
      problems.push(`file with sector ${String(file?.sector)}: not one of ${SECTORS.join(', ')}`);
      continue;
    }
    if (seenSectors.has(file.sector)) problems.push(`${file.sector}: sector given twice`);
    seenSectors.add(file.sector);
    checkLabels(file.labels, `sector ${file.sector}`);
    const range = SECTOR_ID_RANGES[file.sector];
    for (const field of file.fields ?? []) {
      const where = `field ${field.code ?? field.id}`;
      claim(field.id, field.code, where);
      if (Number.isInteger(field.id) && !inRange(field.id, range.fields)) {
        problems.push(`${where}: id ${field.id} outside ${file.sector} range ${range.fields.join('-')}`);
      }
      if (field.sector !== file.sector) problems.push(`${where}: sector ${field.sector} in the ${file.sector} file`);
      checkLabels(field.labels, where);
      if (typeof field.code === 'string') fieldCodes.set(field.code, file.sector);
    }
    if (!file.fields?.length) problems.push(`${file.sector}: no fields`);
  }
  for (const file of files) {
    if (!(SECTORS as readonly string[]).includes(file?.sector)) continue;
    const range = SECTOR_ID_RANGES[file.sector];
    for (const concept of file.concepts ?? []) {
      conceptCount++;
      const where = `concept ${concept.code ?? concept.id}`;
      claim(concept.id, concept.code, where);
      if (Number.isInteger(concept.id) && !inRange(concept.id, range.concepts)) {
        problems.push(`${where}: id ${concept.id} outside ${file.sector} range ${range.concepts.join('-')}`);
      }
      const fieldSector = fieldCodes.get(concept.field);
      if (fieldSector === undefined) problems.push(`${where}: field ${String(concept.field)} does not exist`);
      else if (fieldSector !== file.sector) problems.push(`${where}: field ${concept.field} is in sector ${fieldSector}, not ${file.sector}`);
      checkLabels(concept.labels, where);
      for (const lang of TAXONOMY_LANGUAGES) {
        const terms = concept.terms?.[lang];
        if (!Array.isArray(terms) || terms.length === 0) problems.push(`${where}: no terms in ${lang}`);
        else if (terms.some((t) => typeof t !== 'string' || t.trim() === '')) problems.push(`${where}: empty term in ${lang}`);
      }
      if (!Array.isArray(concept.sdgs)) problems.push(`${where}: sdgs is not an array`);
      else for (const sdg of concept.sdgs) if (!Number.isInteger(sdg) || sdg < 1 || sdg > 17) problems.push(`${where}: sdg ${sdg} not in 1-17`);
    }
  }
  if (conceptCount < minConcepts) problems.push(`only ${conceptCount} concepts in total, at least ${minConcepts} required`);
  return problems;
}

/** Read-only indexes over a taxonomy, for scoring, text analysis and explanations. */
export interface TaxonomyLookup {
  readonly taxonomy: Taxonomy;
  readonly concepts: ReadonlyMap<number, TaxonomyConcept>;
  readonly fields: ReadonlyMap<number, TaxonomyField>;
  conceptById(id: number): TaxonomyConcept | undefined;
  fieldById(id: number): TaxonomyField | undefined;
  fieldByCode(code: string): TaxonomyField | undefined;
  /** Field of a concept, by the concept's id. */
  fieldOfConcept(conceptId: number): TaxonomyField | undefined;
  sectorOfField(fieldId: number): Sector | undefined;
  sectorOfConcept(conceptId: number): Sector | undefined;
  /** Label in the requested language, falling back to English; undefined for an unknown id. */
  conceptLabel(id: number, language: TaxonomyLanguage): string | undefined;
  fieldLabel(id: number, language: TaxonomyLanguage): string | undefined;
  sectorLabel(sector: Sector, language: TaxonomyLanguage): string | undefined;
}

export function createTaxonomyLookup(taxonomy: Taxonomy): TaxonomyLookup {
  const concepts = new Map<number, TaxonomyConcept>();
  const fields = new Map<number, TaxonomyField>();
  const fieldsByCode = new Map<string, TaxonomyField>();
  const sectorFiles = new Map<Sector, SectorTaxonomyFile>();
  for (const file of taxonomy.sectors) {
    sectorFiles.set(file.sector, file);
    for (const f of file.fields) {
      fields.set(f.id, f);
      fieldsByCode.set(f.code, f);
    }
    for (const c of file.concepts) concepts.set(c.id, c);
  }
  const fieldOfConcept = (id: number): TaxonomyField | undefined => {
    const c = concepts.get(id);
    return c ? fieldsByCode.get(c.field) : undefined;
  };
  return {
    taxonomy,
    concepts,
    fields,
    conceptById: (id) => concepts.get(id),
    fieldById: (id) => fields.get(id),
    fieldByCode: (code) => fieldsByCode.get(code),
    fieldOfConcept,
    sectorOfField: (id) => fields.get(id)?.sector,
    sectorOfConcept: (id) => fieldOfConcept(id)?.sector,
    conceptLabel: (id, lang) => {
      const l = concepts.get(id)?.labels;
      return l ? l[lang] || l.en : undefined;
    },
    fieldLabel: (id, lang) => {
      const l = fields.get(id)?.labels;
      return l ? l[lang] || l.en : undefined;
    },
    sectorLabel: (sector, lang) => {
      const l = sectorFiles.get(sector)?.labels;
      return l ? l[lang] || l.en : undefined;
    },
  };
}
