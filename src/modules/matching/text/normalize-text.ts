/**
 * One normal form for every text the matcher compares, so that full-width digits,
 * ligatures, Turkish-locale lower-casing or stray whitespace never make two equal
 * words differ.
 */
export function normalizeText(text: string): string {
  // toLowerCase() (not toLocaleLowerCase) is locale-independent by definition.
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

const LATIN_COMBINING_MARKS = /[\u0300-\u036f]/gu;

/**
 * Removes Latin diacritics so that Vietnamese typed without tone marks still matches.
 * Only the combining marks of the Latin block are removed: Thai vowels and tone marks
 * are combining marks too, and removing them would destroy Thai words.
 * Expects normalised (lower-case, NFKC) input and returns NFC.
 */
export function foldDiacritics(normalized: string): string {
  if (!/[^\p{ASCII}]/u.test(normalized)) return normalized;
  return normalized
    .normalize('NFD')
    .replace(LATIN_COMBINING_MARKS, '')
    .replace(/đ/gu, 'd')
    .normalize('NFC');
}
