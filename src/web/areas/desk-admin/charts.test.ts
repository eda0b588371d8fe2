import { describe, expect, it } from 'vitest';
import { barChartSvg } from './charts';

describe('bar charts', () => {
  const svg = barChartSvg({
    id: 'c',
    title: 'Décisions <par> mois & "plus"',
    description: 'Deux décisions.',
    bars: [
      { label: 'janv.', sublabel: '2026', segments: [{ value: 2, kind: 'approved' }], caption: '2' },
      { label: 'févr.', segments: [{ value: 0, kind: 'approved' }], caption: '' },
    ],
    marker: { at: 2, label: 'délai : 365 j' },
  });

  it('is an image with its title, its description and no inline style', () => {
    expect(svg).toMatch(
      /^<svg [^>]*role="img" aria-label="Décisions &lt;par&gt; mois &amp; &quot;plus&quot;"/,
    );
    expect(svg).toContain('<title id="c-title">Décisions &lt;par&gt; mois &amp; &quot;plus&quot;</title>');
    expect(svg).toContain('<desc id="c-desc">Deux décisions.</desc>');
    expect(svg).not.toContain('style=');
  });

  it('draws a bar per value above zero, its labels, and keeps the marker label inside', () => {
    expect(svg.match(/<rect /g)).toHaveLength(1);
    expect(svg).toContain('>janv.</text>');
    expect(svg).toContain('>2026</text>');
    const label = /<text class="chart-marker-label" x="([\d.]+)"/.exec(svg);
    expect(Number(label![1]) + 'délai : 365 j'.length * 4).toBeLessThanOrEqual(640);
  });
});
