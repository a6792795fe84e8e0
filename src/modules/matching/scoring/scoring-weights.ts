import { SECTORS, type Sector } from '../taxonomy/taxonomy.types';
// Not named scoring-weights.json: Node resolves './scoring-weights' to a .json before a .ts under ts-node.
import rawWeights from './sector-weights.json';

/**
 * Every sector weighs the same six factors, so explanations read alike across sectors.
 * `concepts`, `text` and `field` say whether the two listings are about the same thing
 * (topical); `readiness`, `transferMode` and `geography` say whether a deal is practical.
 */
export const FACTOR_NAMES = ['concepts', 'text', 'field', 'readiness', 'transferMode', 'geography'] as const;
export type FactorName = (typeof FACTOR_NAMES)[number];
export const TOPICAL_FACTORS: readonly FactorName[] = ['concepts', 'text', 'field'];
export const PRACTICAL_FACTORS: readonly FactorName[] = ['readiness', 'transferMode', 'geography'];

export type FactorWeights = Readonly<Record<FactorName, number>>;

export interface ScoringWeights {
  /** Stored with every match; a change of weights must change it so stale scores are found. */
  algorithmVersion: string;
  sectors: Readonly<Record<Sector, FactorWeights>>;
  /** Unordered pairs of distinct sectors whose technologies often meet (telemedicine, smart grids). */
  relatedSectors: ReadonlyArray<readonly [Sector, Sector]>;
}

/*
 * Why these weights (sector-weights.json):
 * - Shared concepts lead everywhere: they are the only signal that crosses languages, and most
 *   forum pairs are cross-language (a Chinese offer, a Thai need).
 * - sustainable-development (concepts .40, text .15, field .15, readiness .10, mode .08, geo .12):
 *   photovoltaics, drip irrigation or biogas are well named by the taxonomy, so concepts carry
 *   the most; deployments are site-bound, so geography keeps a fair share.
 * - health (concepts .35, text .10, field .15, readiness .22, mode .06, geo .12): regulatory and
 *   clinical stage decides whether a transfer can happen at all (a TRL 4 diagnostic is years from
 *   a hospital), so readiness weighs most here; medical prose shares generic words (patient,
 *   clinical, treatment) that inflate term similarity, so text weighs least.
 * - digital (concepts .30, text .25, field .10, readiness .06, mode .14, geo .15): the vocabulary
 *   moves faster than any taxonomy and product names and acronyms are shared across languages, so
 *   text weighs most here; software TRL says little, so readiness is small; whether it is licensed,
 *   sold as a service or co-developed decides feasibility, so transfer mode weighs more; data
 *   localisation rules make geography count.
 * Topical factors hold 0.60-0.70 in every sector so that practical fit can only reorder
 * relevant candidates (see match-score.ts), never make an irrelevant one look good.
 */

const SUM_TOLERANCE = 1e-6;

/** Checks a weights document and returns it typed; throws with every problem found. */
export function validateScoringWeights(input: unknown): ScoringWeights {
  const problems: string[] = [];
  if (!isObject(input)) throw new Error('scoring weights: expected an object');

  const version = input['algorithmVersion'];
  if (typeof version !== 'string' || version.trim() === '') {
    problems.push('algorithmVersion must be a non-empty string');
  }

  const sectors: Partial<Record<Sector, FactorWeights>> = {};
  const rawSectors = input['sectors'];
  if (!isObject(rawSectors)) {
    problems.push('sectors must be an object');
  } else {
    for (const key of Object.keys(rawSectors)) {
      if (!(SECTORS as readonly string[]).includes(key)) problems.push(`sectors.${key} is not a known sector`);
    }
    for (const sector of SECTORS) {
      const weights = validateFactorWeights(rawSectors[sector], `sectors.${sector}`, problems);
      if (weights) sectors[sector] = weights;
    }
  }

  const relatedSectors: Array<readonly [Sector, Sector]> = [];
  const rawRelated = input['relatedSectors'];
  if (!Array.isArray(rawRelated)) {
    problems.push('relatedSectors must be an array of sector pairs');
  } else {
    rawRelated.forEach((pair: unknown, i) => {
      if (!Array.isArray(pair) || pair.length !== 2 || !pair.every(isSector) || pair[0] === pair[1]) {
        problems.push(`relatedSectors[${i}] must be a pair of two different sectors`);
      } else {
        relatedSectors.push([pair[0], pair[1]] as const);
      }
    });
  }

  for (const key of Object.keys(input)) {
    if (!['algorithmVersion', 'sectors', 'relatedSectors'].includes(key)) problems.push(`${key} is not a known key`);
  }
  if (problems.length > 0) throw new Error(`scoring weights: ${problems.join('; ')}`);

  return {
    algorithmVersion: version as string,
    sectors: sectors as Record<Sector, FactorWeights>,
    relatedSectors,
  };
}

function validateFactorWeights(raw: unknown, path: string, problems: string[]): FactorWeights | null {
  if (!isObject(raw)) {
    problems.push(`${path} must be an object of factor weights`);
    return null;
  }
  const before = problems.length;
  for (const key of Object.keys(raw)) {
    if (!(FACTOR_NAMES as readonly string[]).includes(key)) problems.push(`${path}.${key} is not a known factor`);
  }
  let sum = 0;
  for (const name of FACTOR_NAMES) {
    const w = raw[name];
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0 || w > 1) {
      problems.push(`${path}.${name} must be a number in [0, 1]`);
    } else {
      sum += w;
    }
  }
  if (problems.length > before) return null;
  if (Math.abs(sum - 1) > SUM_TOLERANCE) problems.push(`${path} weights sum to ${sum}, not 1`);
  // Without these the redistribution of the text weight, or topical relevance, divides by zero.
  if ((raw['text'] as number) >= 1) problems.push(`${path}.text must leave weight for other factors`);
  if (TOPICAL_FACTORS.every((f) => f === 'text' || raw[f] === 0)) {
    problems.push(`${path} needs a positive weight on concepts or field`);
  }
  return problems.length > before ? null : (raw as FactorWeights);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSector(value: unknown): value is Sector {
  return typeof value === 'string' && (SECTORS as readonly string[]).includes(value);
}

/** The versioned weights shipped with the code, validated when the module loads. */
export const DEFAULT_SCORING_WEIGHTS: ScoringWeights = validateScoringWeights(rawWeights);
export const ALGORITHM_VERSION: string = DEFAULT_SCORING_WEIGHTS.algorithmVersion;
