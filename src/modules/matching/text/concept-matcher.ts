import { TAXONOMY_LANGUAGES, Taxonomy } from '../taxonomy/taxonomy.types';
import { isHan, isSpacedWordChar, isThai } from './char-scripts';
import { foldDiacritics, normalizeText } from './normalize-text';

export interface ConceptMatches {
  /** Concept id -> number of non-overlapping occurrences. */
  counts: Map<number, number>;
  /** Concept ids found, ascending. */
  conceptIds: number[];
  /** Fields of the concepts found, ascending. */
  fieldIds: number[];
}

export interface ConceptMatcher {
  /** The taxonomy version the matcher was built from. */
  readonly version: string;
  /** Number of distinct normalised terms in the automaton. */
  readonly termCount: number;
  extract(text: string): ConceptMatches;
}

/**
 * Form in which both terms and texts are matched: normalised and diacritic-folded, so a
 * Vietnamese text typed without tone marks still finds `năng lượng mặt trời`.
 */
export function matchForm(text: string): string {
  return foldDiacritics(normalizeText(text));
}

/**
 * Thai terms this short (one syllable) occur inside unrelated words (ยา "drug" inside ยาว
 * "long", พยาบาล "nurse"), and so do one-character Chinese terms: they must also sit on
 * the segmenter's word boundaries. Longer terms match anywhere, as Thai and Chinese
 * are written without spaces.
 */
const SHORT_THAI_TERM = 3;
const SHORT_HAN_TERM = 1;
const BOUNDARY_WINDOW = 24;
const boundarySegmenter = new Intl.Segmenter('und', { granularity: 'word' });

/**
 * Builds a trie over the normalised terms and labels of every concept in every language,
 * once per taxonomy version. Extraction takes, among all terms found, the longest first
 * and drops any that overlaps one already taken.
 */
export function createConceptMatcher(taxonomy: Taxonomy): ConceptMatcher {
  // Per node: children keyed by UTF-16 code unit; terminal nodes carry the concepts.
  const children: Array<Map<number, number>> = [new Map()];
  const outputs: Array<number[] | undefined> = [undefined];
  const conceptField = new Map<number, number>();
  const fieldIdByCode = new Map<string, number>();
  let termCount = 0;

  for (const file of taxonomy.sectors) for (const f of file.fields) fieldIdByCode.set(f.code, f.id);
  for (const file of taxonomy.sectors) {
    for (const concept of file.concepts) {
      const fieldId = fieldIdByCode.get(concept.field);
      if (fieldId !== undefined) conceptField.set(concept.id, fieldId);
      const surface = new Set<string>();
      for (const lang of TAXONOMY_LANGUAGES) {
        surface.add(matchForm(concept.labels[lang] ?? ''));
        for (const t of concept.terms[lang] ?? []) surface.add(matchForm(t));
      }
      for (const term of surface) {
        if (term.length === 0) continue;
        let node = 0;
        for (let i = 0; i < term.length; i++) {
          const code = term.charCodeAt(i);
          let next = children[node].get(code);
          if (next === undefined) {
            next = children.length;
            children.push(new Map());
            outputs.push(undefined);
            children[node].set(code, next);
          }
          node = next;
        }
        const out = outputs[node];
        if (out === undefined) {
          outputs[node] = [concept.id];
          termCount++;
        } else if (!out.includes(concept.id)) out.push(concept.id);
      }
    }
  }

  const extract = (raw: string): ConceptMatches => {
    const text = matchForm(raw);
    const n = text.length;
    const starts: number[] = [];
    const lengths: number[] = [];
    const hits: number[][] = [];
    let prevWord = false;
    for (let i = 0; i < n; i++) {
      const code = text.charCodeAt(i);
      const spaced = isSpacedWordChar(code);
      // A Latin-script term may only start at the beginning of a word.
      const canStart = !(spaced && prevWord);
      prevWord = spaced;
      if (!canStart) continue;
      let node = children[0].get(code);
      let j = i;
      while (node !== undefined) {
        const out = outputs[node];
        if (out !== undefined && endsOnBoundary(text, i, j)) {
          starts.push(i);
          lengths.push(j - i + 1);
          hits.push(out);
        }
        j++;
        if (j >= n) break;
        node = children[node].get(text.charCodeAt(j));
      }
    }

    const order = starts.map((_, k) => k).sort((a, b) => lengths[b] - lengths[a] || starts[a] - starts[b]);
    const taken = new Uint8Array(n);
    const counts = new Map<number, number>();
    for (const k of order) {
      const s = starts[k];
      const e = s + lengths[k];
      let free = true;
      for (let p = s; p < e; p++) if (taken[p]) { free = false; break; }
      if (!free) continue;
      taken.fill(1, s, e);
      for (const id of hits[k]) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const conceptIds = [...counts.keys()].sort((a, b) => a - b);
    const fieldIds = [...new Set(conceptIds.map((id) => conceptField.get(id)).filter((f): f is number => f !== undefined))].sort(
      (a, b) => a - b,
    );
    return { counts, conceptIds, fieldIds };
  };

  return { version: taxonomy.version, termCount, extract };
}

/** Whether a term found at [start, last] ends where a word may end. */
function endsOnBoundary(text: string, start: number, last: number): boolean {
  const code = text.charCodeAt(last);
  if (isSpacedWordChar(code)) {
    const after = last + 1 < text.length ? text.charCodeAt(last + 1) : -1;
    if (after === -1 || !isSpacedWordChar(after)) return true;
    // English plurals: "solar panels" still names the concept "solar panel".
    if (after === 0x73 && last - start >= 2) {
      const after2 = last + 2 < text.length ? text.charCodeAt(last + 2) : -1;
      return after2 === -1 || !isSpacedWordChar(after2);
    }
    return false;
  }
  const len = last - start + 1;
  if ((isThai(code) && len <= SHORT_THAI_TERM) || (isHan(code) && len <= SHORT_HAN_TERM)) {
    return onSegmenterBoundaries(text, start, last + 1);
  }
  return true;
}

function onSegmenterBoundaries(text: string, start: number, end: number): boolean {
  const from = Math.max(0, start - BOUNDARY_WINDOW);
  const to = Math.min(text.length, end + BOUNDARY_WINDOW);
  let startOk = start === from;
  let endOk = end === to;
  for (const s of boundarySegmenter.segment(text.slice(from, to))) {
    const at = from + s.index;
    if (at === start) startOk = true;
    if (at === end) endOk = true;
    if (at > end) break;
  }
  return startOk && endOk;
}
