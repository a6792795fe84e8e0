import { TaxonomyLookup } from '../taxonomy/taxonomy.loader';
import { Sector } from '../taxonomy/taxonomy.types';

export interface SectorSuggestion {
  sector: Sector;
  /** 0..1: the sector's share of the evidence, discounted when the evidence is thin. */
  confidence: number;
  runnerUp?: { sector: Sector; confidence: number };
}

/**
 * Evidence (summed concept weight) at which the suggestion is half trusted: one
 * concept mentioned once is a hint, three distinct concepts of one sector are a finding.
 */
const EVIDENCE_HALF_LIFE = 1.5;

/**
 * Suggests the sector the concepts point to, or null when none does. Each distinct
 * concept weighs 1 + ln(count), so repeating one word does not outweigh naming several
 * things of a sector.
 */
export function suggestSector(conceptCounts: ReadonlyMap<number, number>, lookup: TaxonomyLookup): SectorSuggestion | null {
  const weights = new Map<Sector, number>();
  let total = 0;
  for (const [id, count] of conceptCounts) {
    const sector = lookup.sectorOfConcept(id);
    if (sector === undefined || count <= 0) continue;
    const w = 1 + Math.log(count);
    weights.set(sector, (weights.get(sector) ?? 0) + w);
    total += w;
  }
  if (total === 0) return null;
  const ranked = [...weights.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const saturation = 1 - Math.exp(-(total * Math.LN2) / EVIDENCE_HALF_LIFE);
  const confidence = (w: number): number => Math.round((w / total) * saturation * 1000) / 1000;
  const [best, second] = ranked;
  const suggestion: SectorSuggestion = { sector: best[0], confidence: confidence(best[1]) };
  if (second) suggestion.runnerUp = { sector: second[0], confidence: confidence(second[1]) };
  return suggestion;
}
