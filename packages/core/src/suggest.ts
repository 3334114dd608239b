/**
 * "Did you mean …?" for every name a user types: model, parameter, data set, metric, suite and
 * column names, command-line options and commands. One rule everywhere, so that a typo gets the
 * same help whichever name it is in.
 */

/**
 * Optimal-string-alignment distance: the fewest insertions, deletions, substitutions and swaps
 * of two adjacent characters that turn `a` into `b` (a swap counts 1, so `mpl` is 1 from `mlp`).
 * @param a - one string.
 * @param b - the other.
 * @returns the distance (0 when equal).
 * @example
 * ```ts
 * editDistance('knnn', 'knn'); // 1
 * editDistance('irsi', 'iris'); // 1 (one swap)
 * ```
 */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  // Three rows: two back (for swaps), one back, current.
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = new Array<number>(n + 1);
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur[j] = d;
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[n]!;
}

/**
 * The edits a name of this length may be away from a candidate and still be suggested: none for
 * one or two characters (`k` is one edit from `C`, which helps nobody), one for three or four,
 * two from five on.
 */
function allowedEdits(length: number): number {
  if (length <= 2) return 0;
  return length <= 4 ? 1 : 2;
}

/**
 * The candidate a mistyped name most likely meant. Names are compared trimmed and ignoring
 * case: a candidate equal to `given` that way wins outright; otherwise the nearest candidate by
 * {@link editDistance}, if it is within 1 edit (names of 3–4 characters) or 2 edits (5 or more;
 * names of 1–2 characters get no guess). On a tie the earlier candidate wins.
 * @param given - the name as typed.
 * @param candidates - the valid names.
 * @returns the suggestion, or undefined when no candidate is close enough.
 * @example
 * ```ts
 * closestName('species', ['Sepal Length', 'Species']); // 'Species'
 * closestName('svn', ['knn', 'svm', 'mlp']); // 'svm'
 * closestName('forest', ['knn', 'svm']); // undefined
 * ```
 */
export function closestName(given: string, candidates: Iterable<string>): string | undefined {
  const norm = (s: string): string => s.trim().toLowerCase();
  const g = norm(given);
  const list = [...candidates];
  const same = list.find((c) => norm(c) === g);
  if (same !== undefined) return same;
  const limit = allowedEdits(g.length);
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of list) {
    const nc = norm(c);
    if (Math.abs(nc.length - g.length) >= bestDistance) continue;
    const d = editDistance(g, nc);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * The "did you mean" sentence of an error message, from {@link closestName}.
 * @param given - the name as typed.
 * @param candidates - the valid names.
 * @returns `" Did you mean 'x'?"` (with a leading space, to follow a sentence), or `''` when
 *   no candidate is close enough.
 * @example
 * ```ts
 * `Unknown model 'knnn'.${didYouMean('knnn', ['knn', 'svm'])} Valid models: knn, svm.`;
 * // "Unknown model 'knnn'. Did you mean 'knn'? Valid models: knn, svm."
 * ```
 */
export function didYouMean(given: string, candidates: Iterable<string>): string {
  const c = closestName(given, candidates);
  return c === undefined ? '' : ` Did you mean '${c}'?`;
}
