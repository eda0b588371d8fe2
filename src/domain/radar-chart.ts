// A radar chart of group scores as standalone SVG (no script, readable in any browser or document).

export interface RadarAxis {
  label: string;
  score: number;
}

const escapeXml = (s: string) =>
  s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

// Wide enough for group names of some forty characters on either side of the radar.
const WIDTH = 900;
const HEIGHT = 560;
const CX = WIDTH / 2;
const CY = HEIGHT / 2;
const RADIUS = 190;

function point(i: number, n: number, value: number): [number, number] {
  const angle = -Math.PI / 2 + (2 * Math.PI * i) / n;
  const r = (Math.max(0, Math.min(100, value)) / 100) * RADIUS;
  return [CX + r * Math.cos(angle), CY + r * Math.sin(angle)];
}

const polygon = (values: number[]) =>
  values
    .map((v, i) =>
      point(i, values.length, v)
        .map((x) => x.toFixed(1))
        .join(','),
    )
    .join(' ');

/**
 * Group scores (0–100) as a radar; a previous evaluation, when given, is drawn underneath in grey. `names`
 * are the tooltips of the two shapes, for a chart shown in another language than English.
 */
export function radarSvg(
  title: string,
  axes: RadarAxis[],
  previous?: number[],
  names: { current: string; previous: string } = {
    current: 'this evaluation',
    previous: 'previous evaluation',
  },
): string {
  const n = axes.length;
  const rings = [25, 50, 75, 100]
    .map(
      (v) =>
        `<polygon points="${polygon(axes.map(() => v))}" fill="none" stroke="#d0d5dd" stroke-width="1"/>`,
    )
    .join('');
  const spokes = axes
    .map((_, i) => {
      const [x, y] = point(i, n, 100);
      return `<line x1="${CX}" y1="${CY}" x2="${x.toFixed(1)}" y2="${y.toFixed(1)}" stroke="#d0d5dd"/>`;
    })
    .join('');
  const labels = axes
    .map((a, i) => {
      const [x, y] = point(i, n, 118);
      const anchor = Math.abs(x - CX) < 10 ? 'middle' : x > CX ? 'start' : 'end';
      return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" text-anchor="${anchor}" font-size="12">${escapeXml(a.label)} (${Math.round(a.score)})</text>`;
    })
    .join('');
  const before =
    previous && previous.length === n
      ? `<polygon points="${polygon(previous)}" fill="#98a2b3" fill-opacity="0.25" stroke="#667085" stroke-dasharray="4 3"><title>${escapeXml(names.previous)}</title></polygon>`
      : '';
  const now = `<polygon points="${polygon(axes.map((a) => a.score))}" fill="#1570ef" fill-opacity="0.3" stroke="#1570ef" stroke-width="2"><title>${escapeXml(names.current)}</title></polygon>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeXml(title)}" font-family="sans-serif"><title>${escapeXml(title)}</title><rect width="100%" height="100%" fill="#fff"/>${rings}${spokes}${before}${now}${labels}</svg>`;
}
