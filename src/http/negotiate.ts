// Content negotiation over the Accept header (RFC 9110 §12.5.1), for the representations a route offers.

/** The offered media type the client prefers most, the first offered one for `*\/*`, or undefined (406). */
export function negotiate<T extends string>(
  accept: string | undefined,
  offered: readonly T[],
): T | undefined {
  if (!accept || accept.trim() === '') return offered[0];
  const ranges = accept
    .split(',')
    .slice(0, 32)
    .map((part, index) => {
      const [range = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return { range: range.trim().toLowerCase(), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((r) => r.quality > 0)
    .sort(
      (a, b) => b.quality - a.quality || specificity(b.range) - specificity(a.range) || a.index - b.index,
    );
  for (const { range } of ranges) {
    const found = offered.find((o) => matches(range, o));
    if (found) return found;
  }
  return undefined;
}

const specificity = (range: string) => (range === '*/*' ? 0 : range.endsWith('/*') ? 1 : 2);

function matches(range: string, type: string): boolean {
  if (range === '*/*') return true;
  if (range.endsWith('/*')) return type.startsWith(range.slice(0, -1));
  return range === type;
}
