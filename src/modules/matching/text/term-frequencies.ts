import { isHan } from './char-scripts';
import { DetectedLanguage } from './detect-language';
import { hanBigrams, segmentWords } from './segment-words';
import { isStopword } from './stopwords';

const HAS_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * Tokens of normalised text for text similarity: segmenter words without stopwords, and
 * for Chinese the character bigrams instead of the words (ICU splits 光伏 into 光|伏;
 * a bigram index does not depend on where the segmenter cuts).
 */
export function textTokens(normalized: string, language: DetectedLanguage = 'und', words = segmentWords(normalized)): string[] {
  const tokens: string[] = [];
  for (const word of words) {
    if (isHan(word.charCodeAt(0))) continue;
    if (!HAS_LETTER_OR_DIGIT.test(word)) continue;
    if (isStopword(word, language) || isStopword(word, 'en')) continue;
    tokens.push(word);
  }
  for (const bigram of hanBigrams(normalized)) {
    if (isHanStopBigram(bigram)) continue;
    tokens.push(bigram);
  }
  return tokens;
}

/** A bigram made only of function characters (的是, 了一) says nothing about the topic. */
function isHanStopBigram(bigram: string): boolean {
  if (isStopword(bigram, 'zh')) return true;
  for (const ch of bigram) if (!isStopword(ch, 'zh')) return false;
  return true;
}

/** Term-frequency map of `textTokens`; pass `words` when the text is already segmented. */
export function termFrequencies(
  normalized: string,
  language: DetectedLanguage = 'und',
  words = segmentWords(normalized),
): Map<string, number> {
  const tf = new Map<string, number>();
  for (const t of textTokens(normalized, language, words)) tf.set(t, (tf.get(t) ?? 0) + 1);
  return tf;
}
