/** The closest of `names` to `input` (case-insensitive edit distance), if close enough to suggest. */
export function closest(input: string, names: Iterable<string>): string | undefined {
  const wanted = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const name of names) {
    const d = distance(wanted, name.toLowerCase());
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  // A third of the length (at least 2) keeps "vlaue" -> "value" and drops unrelated names.
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(input.length / 3))
    ? best
    : undefined;
}

/** "Did you mean …?" followed by the known names, as a hint. */
export function suggestionHint(input: string, names: readonly string[], what: string): string {
  const near = closest(input, names);
  const list = names.length > 20 ? `${names.slice(0, 20).join(", ")}, …` : names.join(", ");
  return `${near ? `Did you mean "${near}"? ` : ""}Known ${what}: ${list}.`;
}

function distance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}
