import { describe, expect, it } from 'vitest';
import { radarSvg } from './radar-chart';

describe('radar chart', () => {
  it('draws one labelled axis per group, this evaluation and the previous one, as plain SVG', () => {
    const svg = radarSvg(
      'Guichet <Pasteur>',
      [
        { label: 'Visibilité', score: 80 },
        { label: 'Efficacité', score: 55.5 },
        { label: 'Sécurité & hébergement', score: 100 },
      ],
      [60, 40, 90],
    );
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).not.toContain('<script');
    expect(svg).toContain('Guichet &lt;Pasteur&gt;');
    expect(svg).toContain('Sécurité &amp; hébergement (100)');
    expect(svg).toContain('Efficacité (56)');
    expect(svg.match(/<title>previous evaluation<\/title>/g)).toHaveLength(1);
    expect(svg.match(/<line /g)).toHaveLength(3);
  });

  it('names its shapes in the language asked, as presentation attributes only (no style, which CSP blocks)', () => {
    const axes = [
      { label: 'a', score: 1 },
      { label: 'b', score: 2 },
      { label: 'c', score: 3 },
    ];
    const svg = radarSvg('x', axes, [1, 1, 1], { current: 'cette évaluation', previous: 'la précédente' });
    expect(svg).toContain('<title>cette évaluation</title>');
    expect(svg).toContain('<title>la précédente</title>');
    expect(svg).toContain('role="img" aria-label="x"');
    expect(svg).not.toMatch(/style=|<style/);
  });

  it('leaves out the previous evaluation when there is none', () => {
    expect(
      radarSvg('x', [
        { label: 'a', score: 1 },
        { label: 'b', score: 2 },
        { label: 'c', score: 3 },
      ]),
    ).not.toContain('previous');
  });
});
