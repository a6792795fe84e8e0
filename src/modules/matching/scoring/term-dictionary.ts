/**
 * Words numbered in order of first sight. Prepared listings carry sorted word ids instead of
 * word strings, so text similarity is a merge of two integer arrays: hashing every word of one
 * listing into the other's Map was most of the cost of scoring a pair.
 */
export class TermDictionary {
  private readonly ids = new Map<string, number>();
  private readonly terms: string[] = [];

  /** The word's id, numbering it when it is new. */
  idOf(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.ids.set(term, id);
      this.terms.push(term);
    }
    return id;
  }

  /** The word's id if it has one, without numbering it. */
  find(term: string): number | undefined {
    return this.ids.get(term);
  }

  termOf(id: number): string {
    return this.terms[id];
  }

  get size(): number {
    return this.terms.length;
  }
}

/*
 * One dictionary per scoring context: prepared listings already belong to the context whose IDF
 * weighted them (the worker drops them together when the IDF is refreshed), so the words numbered
 * for a context live exactly as long as the listings that use the numbers, and no process-wide
 * table grows without bound.
 */
const dictionaries = new WeakMap<object, TermDictionary>();

export function termDictionaryFor(context: object): TermDictionary {
  let dictionary = dictionaries.get(context);
  if (!dictionary) {
    dictionary = new TermDictionary();
    dictionaries.set(context, dictionary);
  }
  return dictionary;
}
