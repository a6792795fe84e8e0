import { TaxonomyLanguage } from '../taxonomy/taxonomy.types';
import { normalizeText } from './normalize-text';
import { stopwordSet } from './stopwords';

export type DetectedLanguage = TaxonomyLanguage | 'und';

export interface LanguageDetection {
  language: DetectedLanguage;
  /** Confidence in `language`, 0..1; always 0 for 'und'. */
  confidence: number;
}

/**
 * Words that tell Indonesian from Malaysian Malay: the two share most function words,
 * and the general-purpose detectors measured on SIB-200 cannot separate them (eld labels
 * both Malay, tinyld both Indonesian, franc guesses). Chosen from known lexical and
 * spelling differences (karena/kerana, bisa/boleh, berbeda/berbeza, -itas/-iti); the SIB-200
 * train split was used to find which such pairs are frequent, the dev split only to measure.
 */
const ID_MARKERS = new Set(
  `bisa karena bahwa yaitu saat setelah sesudah harus saja uang kantor pemerintah perusahaan listrik mobil kesehatan
  penelitian peneliti ilmuwan pasien obat dokter kanker biaya berbagai coba mau tapi kota tentara sepeda proyek energi
  efisien memiliki nanti ditemukan menemukan dilakukan melakukan bagian sebagian lainnya bahkan disebut berbeda
  layanan tak internasional hewan telepon kasus kondisi mendukung terkait dikenal meskipun akibat terjadi sejumlah
  kebutuhan kelompok nomor medis`.split(/\s+/u),
);
const MS_MARKERS = new Set(
  `boleh kerana bahawa iaitu ialah semasa selepas mesti sahaja wang pejabat hospital kerajaan syarikat elektrik kereta
  kesihatan penyelidikan penyelidik saintis pesakit ubat doktor kanser kos pelbagai cuba mahu amat baharu bilangan
  tentera basikal projek cekap mempunyai manakala menerusi sebarang daripada beliau walaupun bahagian
  sebahagian berbeza perkhidmatan antarabangsa haiwan telefon kes tiada sekiranya semula keperluan kawasan kumpulan
  dikenali bagaimanapun awam nombor perubatan menyokong`.split(/\s+/u),
);

const VIETNAMESE_LETTERS = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/u;
const LATIN_WORD = /[a-zà-ɏḀ-ỿ]+/gu;
const LATIN_LANGUAGES = ['en', 'id', 'ms', 'vi', 'tl'] as const;

interface ScriptCounts {
  han: number;
  kana: number;
  hangul: number;
  thai: number;
  otherSea: number;
  latin: number;
  other: number;
}

function countScripts(text: string): ScriptCounts {
  const c: ScriptCounts = { han: 0, kana: 0, hangul: 0, thai: 0, otherSea: 0, latin: 0, other: 0 };
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      if ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a) c.latin++;
    } else if ((code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf)) c.han++;
    else if (code >= 0x3040 && code <= 0x30ff) c.kana++;
    else if (code >= 0xac00 && code <= 0xd7af) c.hangul++;
    else if (code >= 0x0e00 && code <= 0x0e7f) c.thai++;
    // Lao, Myanmar, Khmer: the ASEAN scripts we must not mistake for Thai.
    else if ((code >= 0x0e80 && code <= 0x0eff) || (code >= 0x1000 && code <= 0x109f) || (code >= 0x1780 && code <= 0x17ff)) c.otherSea++;
    else if ((code >= 0xc0 && code <= 0x24f) || (code >= 0x1e00 && code <= 0x1eff)) c.latin++;
    else if (/\p{L}/u.test(text[i])) c.other++;
  }
  return c;
}

/**
 * Detects the language of a listing among the six the forum accepts.
 * Scripts decide Chinese and Thai; among Latin-script languages a function-word profile
 * decides, which on SIB-200 beat eld, tinyld and franc (see bench/quality-sib200.ts).
 * Detect on title + description together: titles alone are too short.
 */
export function detectLanguage(text: string): LanguageDetection {
  const normalized = normalizeText(text);
  const s = countScripts(normalized);
  const letters = s.han + s.kana + s.hangul + s.thai + s.otherSea + s.latin + s.other;
  if (letters === 0) return { language: 'und', confidence: 0 };
  // Han characters carry a word each, Latin letters a fraction of one: weigh them so a
  // Chinese text with English acronyms stays Chinese.
  const hanWeight = s.han * 3;
  const scriptTotal = letters + hanWeight - s.han;
  if (hanWeight / scriptTotal >= 0.5) {
    if (s.kana > s.han * 0.1 || s.hangul > 0) return { language: 'und', confidence: 0 };
    return { language: 'zh', confidence: round(Math.min(1, hanWeight / scriptTotal + 0.2)) };
  }
  if (s.thai / letters >= 0.5) return { language: 'th', confidence: round(Math.min(1, s.thai / letters + 0.1)) };
  if (s.latin / letters < 0.5) return { language: 'und', confidence: 0 };
  return detectLatin(normalized);
}

function detectLatin(normalized: string): LanguageDetection {
  const words = normalized.match(LATIN_WORD) ?? [];
  if (words.length === 0) return { language: 'und', confidence: 0 };
  const hits: Record<(typeof LATIN_LANGUAGES)[number], number> = { en: 0, id: 0, ms: 0, vi: 0, tl: 0 };
  let idMarks = 0;
  let msMarks = 0;
  let vietnameseWords = 0;
  for (const w of words) {
    for (const lang of LATIN_LANGUAGES) if (stopwordSet(lang).has(w)) hits[lang]++;
    if (VIETNAMESE_LETTERS.test(w)) vietnameseWords++;
    if (ID_MARKERS.has(w) || (w.length > 5 && w.endsWith('itas'))) idMarks++;
    if (MS_MARKERS.has(w) || (w.length > 5 && w.endsWith('iti'))) msMarks++;
  }
  // Vietnamese letters (ơ, ư, đ, tone marks below) occur in no other language here.
  hits.vi = Math.max(hits.vi, vietnameseWords);
  const malay = Math.max(hits.id, hits.ms);
  const ranked = (
    [
      ['en', hits.en],
      ['malay', malay],
      ['vi', hits.vi],
      ['tl', hits.tl],
    ] as const
  )
    .slice()
    .sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  if (best[1] === 0) return { language: 'und', confidence: 0 };
  const coverage = best[1] / words.length;
  const margin = (best[1] - second[1]) / best[1];
  // Function words make up roughly 30-50% of running text; a quarter covered is plenty.
  let confidence = Math.min(1, coverage / 0.25) * (0.4 + 0.6 * margin);
  if (words.length < 3) confidence *= 0.6;
  if (best[0] === 'tl') return { language: 'und', confidence: 0 };
  if (best[0] !== 'malay') return { language: best[0], confidence: round(confidence) };
  // Indonesian is the default between the two: more listings, and the shared concepts
  // make a wrong choice cheap.
  const language = msMarks > idMarks ? 'ms' : 'id';
  const split = idMarks + msMarks === 0 ? 0.45 : Math.max(idMarks, msMarks) / (idMarks + msMarks);
  return { language, confidence: round(confidence * split) };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
