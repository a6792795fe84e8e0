import { matchScoreValueIfCounts, type PreparedListing } from './match-score';
import type { ScoringContext } from './scoring-context';

export interface KeptCounterpart {
  other: PreparedListing;
  score: number;
}

/**
 * The `limit` counterparts of `self` that score highest and at least `minScore`, best first, ties
 * in the order given (retrieval order): the same list as scoring every counterpart and stably
 * sorting. Once `limit` are held, a counterpart must beat the weakest of them outright (a tie
 * loses to the earlier one), so one whose score cannot, even with a perfect text similarity,
 * is dropped before its text is compared: text is most of the cost of a pair, and most of a
 * popular listing's 500 candidates are far from its top 20.
 */
export function keepBestCounterparts(
  self: PreparedListing,
  counterparts: readonly PreparedListing[],
  context: ScoringContext,
  { limit, minScore }: { limit: number; minScore: number },
): KeptCounterpart[] {
  if (limit <= 0) return [];
  const isOffer = self.features.kind === 'offer';
  const kept: KeptCounterpart[] = [];
  const counts = (score: number) => score >= minScore && (kept.length < limit || score > kept[limit - 1].score);
  for (const other of counterparts) {
    const score = isOffer ? matchScoreValueIfCounts(self, other, context, counts) : matchScoreValueIfCounts(other, self, context, counts);
    if (!counts(score)) continue;
    let at = kept.length;
    while (at > 0 && kept[at - 1].score < score) at--;
    kept.splice(at, 0, { other, score });
    if (kept.length > limit) kept.pop();
  }
  return kept;
}
