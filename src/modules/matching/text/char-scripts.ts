/**
 * Script of a UTF-16 code unit, for the few scripts the text analysis treats apart.
 * Code-unit tests (not regexes) because the concept matcher calls them per character.
 */

/** Han ideographs of the BMP (CJK Unified, Extension A, Compatibility). */
export function isHan(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf) || (code >= 0xf900 && code <= 0xfaff);
}

export function isThai(code: number): boolean {
  return code >= 0x0e00 && code <= 0x0e7f;
}

/** Scripts written without spaces between words: a term may start or end anywhere. */
export function isScriptioContinua(code: number): boolean {
  return isHan(code) || isThai(code);
}

/**
 * Letters and digits of space-separated scripts: a term made of these must start and
 * end on a word boundary (so `ai` is not found inside `rain`).
 */
export function isSpacedWordChar(code: number): boolean {
  if (code < 0x80) {
    return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a);
  }
  // Latin-1 letters, Latin Extended A/B, combining marks, Latin Extended Additional (Vietnamese).
  return (
    (code >= 0xc0 && code <= 0x24f && code !== 0xd7 && code !== 0xf7) ||
    (code >= 0x300 && code <= 0x36f) ||
    (code >= 0x1e00 && code <= 0x1eff)
  );
}
