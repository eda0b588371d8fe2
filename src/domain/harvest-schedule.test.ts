import { describe, expect, it } from 'vitest';
import { nextRunAfter, parseSchedule } from './harvest-schedule';

describe('harvest schedules', () => {
  it('reads intervals, daily times and manual, and refuses anything else', () => {
    expect(parseSchedule('every 6h')).toEqual({ kind: 'every', hours: 6 });
    expect(parseSchedule(' Daily 03:30 ')).toEqual({ kind: 'daily', hour: 3, minute: 30 });
    expect(parseSchedule('manual')).toEqual({ kind: 'manual' });
    for (const bad of ['every 0h', 'every 169h', 'daily 24:00', 'daily 3:00', 'hourly', '', 'every 6'])
      expect(parseSchedule(bad)).toBeUndefined();
  });

  it('runs an interval source that many hours after its last run', () => {
    const next = nextRunAfter({ kind: 'every', hours: 6 }, new Date('2026-12-01T10:00:00Z'));
    expect(next?.toISOString()).toBe('2026-12-01T16:00:00.000Z');
  });

  it('runs a daily source at its Paris wall-clock time, in winter and in summer', () => {
    const daily = { kind: 'daily', hour: 3, minute: 0 } as const;
    expect(nextRunAfter(daily, new Date('2026-12-01T10:00:00Z'))?.toISOString()).toBe(
      '2026-12-02T02:00:00.000Z',
    );
    expect(nextRunAfter(daily, new Date('2026-07-01T00:30:00Z'))?.toISOString()).toBe(
      '2026-07-01T01:00:00.000Z',
    );
    // The night clocks go forward (29 March 2026): 03:00 Paris is 01:00 UTC.
    expect(nextRunAfter(daily, new Date('2026-03-28T12:00:00Z'))?.toISOString()).toBe(
      '2026-03-29T01:00:00.000Z',
    );
  });

  it('never schedules a manual source', () => {
    expect(nextRunAfter({ kind: 'manual' }, new Date())).toBeUndefined();
  });
});
