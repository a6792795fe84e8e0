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
 * Case-sensitive acronyms. Matching is case-insensitive, so a short acronym would also be
 * found as an ordinary word: `AI` in Vietnamese "Không ai biết" ("nobody knows"), `PV` in
 * lower-case prose. A taxonomy form (label or term, NFKC, trimmed) is an acronym when it
 *  - is 1 to 4 ASCII letters or digits,
 *  - has at least one upper-case letter, and
 *  - has no two lower-case letters in a row.
 * So `AI`, `PV`, `EV`, `RFID`, `5G`, `V2X`, `IoT`, `IIoT`, `LoRa`, `WiFi`, `eKYC`, `AGVs` are
 * acronyms, while `ai`, `pv`, `Dron`, `SaaS`, `Solar Panel`, `SCADA`, `AI技术` are not.
 * An acronym matches only where the text writes it with the capitalisation of one of the
 * concept's acronym forms (compared after NFKC, so full-width `ＡＩ` is `AI`); word boundaries apply as for every Latin term. All other forms stay
 * case-insensitive; if a concept has both an acronym form and a non-acronym form with the
 * same normalised spelling (`AI` and `ai`), the non-acronym form wins and it matches in any case.
 */
const ACRONYM = /^(?=[A-Za-z0-9]{1,4}$)(?=.*[A-Z])(?!.*[a-z]{2})/u;

export function isCaseSensitiveAcronym(form: string): boolean {
  return ACRONYM.test(form.normalize('NFKC').trim());
}

/** The Latin combining marks foldDiacritics removes (for foldCased below). */
const LATIN_COMBINING_MARKS = /[\u0300-\u036f]/gu;

/**
 * Builds a trie over the normalised terms and labels of every concept in every language,
 * once per taxonomy version. Extraction takes, among all terms found, the longest first
 * and drops any that overlaps one already taken.
 */
export function createConceptMatcher(taxonomy: Taxonomy): ConceptMatcher {
  // Per node: children keyed by UTF-16 code unit; terminal nodes carry the concepts.
  const children: Array<Map<number, number>> = [new Map()];
  const outputs: Array<number[] | undefined> = [undefined];
  // Terminal nodes of acronyms: original (NFKC) form -> concepts matched only in that form.
  const casedOutputs: Array<Map<string, number[]> | undefined> = [undefined];
  const conceptField = new Map<number, number>();
  const fieldIdByCode = new Map<string, number>();
  let termCount = 0;

  for (const file of taxonomy.sectors) for (const f of file.fields) fieldIdByCode.set(f.code, f.id);
  for (const file of taxonomy.sectors) {
    for (const concept of file.concepts) {
      const fieldId = fieldIdByCode.get(concept.field);
      if (fieldId !== undefined) conceptField.set(concept.id, fieldId);
      // Normalised term -> its acronym forms, or null when some form of it is not an acronym.
      const surface = new Map<string, Set<string> | null>();
      const addForm = (form: string) => {
        const term = matchForm(form);
        if (term.length === 0) return;
        const acronyms = surface.get(term);
        if (acronyms === null) return;
        if (!isCaseSensitiveAcronym(form)) surface.set(term, null);
        else if (acronyms === undefined) surface.set(term, new Set([form.normalize('NFKC').trim()]));
        else acronyms.add(form.normalize('NFKC').trim());
      };
      for (const lang of TAXONOMY_LANGUAGES) {
        addForm(concept.labels[lang] ?? '');
        for (const t of concept.terms[lang] ?? []) addForm(t);
      }
      for (const [term, acronyms] of surface) {
        let node = 0;
        for (let i = 0; i < term.length; i++) {
          const code = term.charCodeAt(i);
          let next = children[node].get(code);
          if (next === undefined) {
            next = children.length;
            children.push(new Map());
            outputs.push(undefined);
            casedOutputs.push(undefined);
            children[node].set(code, next);
          }
          node = next;
        }
        if (outputs[node] === undefined && casedOutputs[node] === undefined) termCount++;
        if (acronyms === null) {
          const out = outputs[node];
          if (out === undefined) outputs[node] = [concept.id];
          else if (!out.includes(concept.id)) out.push(concept.id);
        } else {
          const cased = casedOutputs[node] ?? (casedOutputs[node] = new Map());
          for (const form of acronyms) {
            const ids = cased.get(form);
            if (ids === undefined) cased.set(form, [concept.id]);
            else if (!ids.includes(concept.id)) ids.push(concept.id);
          }
        }
      }
    }
  }
  // A concept matched in any case at a node needs no acronym entry there.
  for (let node = 0; node < casedOutputs.length; node++) {
    const cased = casedOutputs[node];
    const free = outputs[node];
    if (cased === undefined || free === undefined) continue;
    for (const [form, ids] of cased) {
      const rest = ids.filter((id) => !free.includes(id));
      if (rest.length > 0) cased.set(form, rest);
      else cased.delete(form);
    }
    if (cased.size === 0) casedOutputs[node] = undefined;
  }

  const extract = (raw: string): ConceptMatches => {
    // Same as matchForm(raw), keeping the case-preserving NFKC form for acronyms.
    const nfkc = raw.normalize('NFKC').replace(/\s+/gu, ' ').trim();
    const text = foldDiacritics(nfkc.toLowerCase());
    const n = text.length;
    let original: OriginalForm | undefined;
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
        let out = outputs[node];
        const cased = casedOutputs[node];
        if ((out !== undefined || cased !== undefined) && endsOnBoundary(text, i, j)) {
          if (cased !== undefined) {
            original ??= new OriginalForm(nfkc, text);
            const form = original.slice(i, j + 1);
            const ids = form === undefined ? undefined : cased.get(form);
            if (ids !== undefined) out = out === undefined ? ids : [...out, ...ids];
          }
          if (out !== undefined) {
            starts.push(i);
            lengths.push(j - i + 1);
            hits.push(out);
          }
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

/**
 * The original (NFKC, whitespace-collapsed, case-kept) spelling of a slice of the match
 * text. The match text folds diacritics and lower-cases; when that leaves the length
 * unchanged (almost always: only a rare combining sequence without a precomposed letter
 * gets shorter), positions coincide. Otherwise an offset map is built once, per cluster
 * (a character and its combining marks) of the NFKC text.
 */
class OriginalForm {
  /** Built on first need; null when it cannot be built. */
  private map: Int32Array | null | undefined;

  constructor(
    private readonly nfkc: string,
    private readonly text: string,
  ) {}

  /** The original spelling of text[start, end), or undefined when it cannot be told. */
  slice(start: number, end: number): string | undefined {
    if (this.nfkc.length === this.text.length) {
      const s = this.nfkc.slice(start, end);
      return s.toLowerCase() === this.text.slice(start, end) ? s : undefined;
    }
    if (this.map === undefined) this.map = buildOffsetMap(this.nfkc, this.text);
    if (this.map === null) return undefined;
    const from = this.map[start];
    const to = this.map[end];
    // Both ends must fall on cluster boundaries of the original.
    if (from < 0 || to < 0) return undefined;
    const s = this.nfkc.slice(from, to);
    return foldCased(s).toLowerCase() === this.text.slice(start, end) ? s : undefined;
  }
}

const MARK = /\p{M}/u;
const markCache = new Map<number, boolean>();
const foldCache = new Map<string, string>();

function isMark(code: number): boolean {
  if (code < 0x300) return false;
  let mark = markCache.get(code);
  if (mark === undefined) markCache.set(code, (mark = MARK.test(String.fromCodePoint(code))));
  return mark;
}

/**
 * For each position of the match text that starts a cluster (a character and its combining
 * marks), and for its end, the matching position in the NFKC text; -1 elsewhere. Null if
 * folding cluster by cluster does not reproduce the match text.
 */
function buildOffsetMap(nfkc: string, text: string): Int32Array | null {
  const map = new Int32Array(text.length + 1).fill(-1);
  let at = 0;
  for (let p = 0; p < nfkc.length; ) {
    const code = nfkc.codePointAt(p)!;
    let q = p + (code > 0xffff ? 2 : 1);
    while (q < nfkc.length) {
      const next = nfkc.codePointAt(q)!;
      if (!isMark(next)) break;
      q += next > 0xffff ? 2 : 1;
    }
    map[at] = p;
    if (q === p + 1 && code < 0x80) {
      // ASCII: lower-casing is the whole fold.
      const lower = code >= 0x41 && code <= 0x5a ? code + 0x20 : code;
      if (text.charCodeAt(at) !== lower) return null;
      at++;
    } else {
      const cluster = nfkc.slice(p, q);
      let folded = foldCache.get(cluster);
      if (folded === undefined) {
        folded = foldDiacritics(cluster.toLowerCase());
        if (foldCache.size < 10_000) foldCache.set(cluster, folded);
      }
      if (!text.startsWith(folded, at)) return null;
      at += folded.length;
    }
    p = q;
  }
  if (at !== text.length) return null;
  map[at] = nfkc.length;
  return map;
}

/** foldDiacritics without lower-casing. */
function foldCased(s: string): string {
  if (!/[^\p{ASCII}]/u.test(s)) return s;
  return s.normalize('NFD').replace(LATIN_COMBINING_MARKS, '').replace(/[đĐ]/gu, (c) => (c === 'đ' ? 'd' : 'D')).normalize('NFC');
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
