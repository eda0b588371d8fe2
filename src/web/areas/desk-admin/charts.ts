// The desk's figures as small server-rendered SVG charts: no script, no inline style (classes styled by
// console.css), each an image with a title and a label; the numbers themselves are in the table beside it.

const escapeXml = (s: string) =>
  s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

export interface Bar {
  /** Under the bar. */
  label: string;
  /** A second line under the label (e.g. the year under the first month of each year). */
  sublabel?: string | undefined;
  /** Bar segments from the bottom up, each with a class naming its kind (the legend says which). */
  segments: { value: number; kind: string }[];
  /** Above the bar. */
  caption: string;
}

export interface BarChart {
  id: string;
  title: string;
  description: string;
  bars: Bar[];
  /** The largest value the axis shows (at least the largest bar). */
  max?: number;
  /** A vertical marker between bars: before bar `at` (a fraction allowed), with its label. */
  marker?: { at: number; label: string } | undefined;
  legend?: { kind: string; label: string }[];
}

const WIDTH = 640;
const HEIGHT = 300;
const LEFT = 16;
const RIGHT = 16;
const TOP = 40;
const BOTTOM = 68;

/** A bar chart, as an SVG string with role="img", its <title> and <desc>. */
export function barChartSvg(chart: BarChart): string {
  const n = Math.max(1, chart.bars.length);
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const slot = plotWidth / n;
  const barWidth = Math.max(4, slot * 0.7);
  const total = (b: Bar) => b.segments.reduce((s, x) => s + x.value, 0);
  const max = Math.max(1, chart.max ?? 0, ...chart.bars.map(total));
  const y = (v: number) => TOP + plotHeight - (v / max) * plotHeight;
  const parts: string[] = [];
  const titleId = `${chart.id}-title`;
  const descId = `${chart.id}-desc`;
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeXml(chart.title)}" class="chart" id="${chart.id}">`,
    `<title id="${titleId}">${escapeXml(chart.title)}</title>`,
    `<desc id="${descId}">${escapeXml(chart.description)}</desc>`,
    `<line class="chart-axis" x1="${LEFT}" y1="${TOP + plotHeight}" x2="${WIDTH - RIGHT}" y2="${TOP + plotHeight}"/>`,
  );
  // Labels are thinned out when there are many bars, so that they never overlap.
  const every = Math.ceil(n / 12);
  chart.bars.forEach((b, i) => {
    const x = LEFT + i * slot + (slot - barWidth) / 2;
    let base = 0;
    for (const s of b.segments) {
      if (s.value <= 0) continue;
      const top = y(base + s.value);
      parts.push(
        `<rect class="chart-bar chart-${escapeXml(s.kind)}" x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${(y(base) - top).toFixed(1)}"/>`,
      );
      base += s.value;
    }
    const cx = (x + barWidth / 2).toFixed(1);
    if (b.caption) {
      parts.push(
        `<text class="chart-value" x="${cx}" y="${(y(base) - 6).toFixed(1)}" text-anchor="middle">${escapeXml(b.caption)}</text>`,
      );
    }
    if (i % every === 0) {
      parts.push(
        `<text class="chart-label" x="${cx}" y="${TOP + plotHeight + 20}" text-anchor="middle">${escapeXml(b.label)}</text>`,
      );
    }
    if (b.sublabel) {
      parts.push(
        `<text class="chart-label" x="${cx}" y="${TOP + plotHeight + 36}" text-anchor="middle">${escapeXml(b.sublabel)}</text>`,
      );
    }
  });
  if (chart.marker) {
    const at = LEFT + Math.min(n, Math.max(0, chart.marker.at)) * slot;
    const mx = at.toFixed(1);
    // The label stays inside the drawing even when the marker is near an edge.
    const half = chart.marker.label.length * 4;
    const lx = Math.min(WIDTH - RIGHT - half, Math.max(LEFT + half, at)).toFixed(1);
    parts.push(
      `<line class="chart-marker" x1="${mx}" y1="${TOP - 16}" x2="${mx}" y2="${TOP + plotHeight}"/>`,
      `<text class="chart-marker-label" x="${lx}" y="${TOP - 22}" text-anchor="middle">${escapeXml(chart.marker.label)}</text>`,
    );
  }
  if (chart.legend?.length) {
    let lx = LEFT;
    const ly = HEIGHT - 4;
    for (const l of chart.legend) {
      parts.push(
        `<rect class="chart-bar chart-${escapeXml(l.kind)}" x="${lx}" y="${ly - 10}" width="12" height="12"/>`,
        `<text class="chart-label" x="${lx + 18}" y="${ly}">${escapeXml(l.label)}</text>`,
      );
      lx += 40 + l.label.length * 8;
    }
  }
  parts.push('</svg>');
  return parts.join('');
}
