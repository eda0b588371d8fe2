import { describe, expect, it } from 'vitest';
import { catalogueCompleteness, descriptorCompleteness, levelFor, percentile } from './desk-metrics';

describe('desk metrics', () => {
  it('takes nearest-rank percentiles', () => {
    expect(percentile([], 0.5)).toBeUndefined();
    expect(percentile([7], 0.9)).toBe(7);
    expect(percentile([10, 2, 8, 4, 6], 0.5)).toBe(6);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
  });

  it('measures completeness against the recommended HealthDCAT-AP properties', () => {
    const bare = {
      title: { fr: 'T' },
      description: { fr: 'D' },
      publisher: { name: 'P' },
      accessRights: 'PUBLIC' as const,
    };
    const c = descriptorCompleteness(bare);
    expect(c.share).toBe(0);
    expect(c.missing).toContain('data-use conditions (DUO)');
    const better = { ...bare, title: { fr: 'T', en: 'T' }, themes: ['HEAL' as const], numberOfRecords: 10 };
    expect(descriptorCompleteness(better).share).toBeCloseTo(3 / 20);
    expect(catalogueCompleteness([bare, better])).toBeCloseTo(3 / 40);
    expect(catalogueCompleteness([])).toBeUndefined();
  });

  it('maps a metric value to a grid level in the metric’s direction', () => {
    const days = {
      direction: 'lower_is_better' as const,
      thresholds: [60, 45, 30, 20] as [number, number, number, number],
    };
    expect(levelFor(days, 90)).toBe(0);
    expect(levelFor(days, 60)).toBe(1);
    expect(levelFor(days, 25)).toBe(3);
    expect(levelFor(days, 5)).toBe(4);
    const share = {
      direction: 'higher_is_better' as const,
      thresholds: [0.5, 0.7, 0.85, 0.95] as [number, number, number, number],
    };
    expect(levelFor(share, 0.2)).toBe(0);
    expect(levelFor(share, 0.85)).toBe(3);
    expect(levelFor(share, 1)).toBe(4);
  });
});
