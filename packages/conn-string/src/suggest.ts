/** Optimal-string-alignment (restricted Damerau-Levenshtein) distance. @internal */
export function editDistance(a: string, b: string): number {
  const n = a.length;
  const m = b.length;
  if (n === 0) return m;
  if (m === 0) return n;
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: m + 1 }, (_, j) => j);
  for (let i = 1; i <= n; i++) {
    const cur: number[] = [i];
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, prev2[j - 2]! + 1);
      }
      cur.push(d);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[m]!;
}

/**
 * The closest candidate to `name` (both compared normalized), or `undefined` if none is close
 * enough (distance at most max(2, length/3)).
 * @internal
 */
export function closest(
  normalized: string,
  candidates: Iterable<[normalized: string, display: string]>,
): string | undefined {
  let best: string | undefined;
  let bestD = Math.max(2, Math.floor(normalized.length / 3)) + 1;
  for (const [n, display] of candidates) {
    // The distance is at least the difference in length: skip the quadratic work when that is enough.
    if (Math.abs(n.length - normalized.length) >= bestD) continue;
    const d = editDistance(normalized, n);
    if (d < bestD) {
      bestD = d;
      best = display;
    }
  }
  return best;
}
