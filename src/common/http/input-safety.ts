/**
 * Checks every request value before class-validator sees it, for what no DTO rule catches:
 * - NUL characters, which PostgreSQL refuses in text (the insert failed with a 500);
 * - lone UTF-16 surrogates, which Node silently turns into U+FFFD on the way to PostgreSQL, so
 *   the stored text would differ from what the API answered;
 * - nesting deeper than any body of the API, which overflows the stack of class-transformer's
 *   recursive copy (a 500 at a few thousand levels).
 * Pure, iterative (a recursive walk would overflow on the very input it guards against).
 */
export const MAX_INPUT_DEPTH = 32;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain NUL characters (\\u0000)';
  if (LONE_SURROGATE.test(text)) return 'is not well-formed Unicode (it holds a lone surrogate)';
  return null;
}

const child = (path: string, key: string | number) =>
  typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;

/** The first problem found, as a message naming where it is (`party.name`, `keywords[2]`), or null. */
export function findUnsafeInput(value: unknown, options: { root?: string; whole?: string; maxDepth?: number; depthOnly?: boolean } = {}): string | null {
  const { root = '', whole = 'the request body', maxDepth = MAX_INPUT_DEPTH, depthOnly = false } = options;
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, path, depth } = stack.pop()!;
    const where = path === '' ? whole : path;
    if (typeof current === 'string') {
      if (depthOnly) continue;
      const problem = textProblem(current);
      if (problem) return `${where} ${problem}`;
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= maxDepth) return `${where} is nested too deeply (at most ${maxDepth} levels)`;
    if (Array.isArray(current)) {
      current.forEach((item, index) => stack.push({ value: item, path: child(path, index), depth: depth + 1 }));
      continue;
    }
    for (const [key, item] of Object.entries(current)) {
      const keyProblem = depthOnly ? null : textProblem(key);
      if (keyProblem) return `a property name in ${where} ${keyProblem}`;
      stack.push({ value: item, path: child(path, key), depth: depth + 1 });
    }
  }
  return null;
}
