import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  easterSunday,
  frenchPublicHolidays,
  isWorkingDay,
  toIsoDate,
  workingDaysBetween,
} from './working-days';

describe('French working days', () => {
  it('finds Easter Sunday', () => {
    expect(toIsoDate(easterSunday(2024))).toBe('2024-03-31');
    expect(toIsoDate(easterSunday(2025))).toBe('2025-04-20');
    expect(toIsoDate(easterSunday(2026))).toBe('2026-04-05');
    expect(toIsoDate(easterSunday(2038))).toBe('2038-04-25');
  });

  it('knows the eleven public holidays, Easter-based ones included', () => {
    const h = frenchPublicHolidays(2026);
    expect(h.size).toBe(11);
    for (const d of [
      '2026-01-01',
      '2026-04-06',
      '2026-05-01',
      '2026-05-08',
      '2026-05-14',
      '2026-05-25',
      '2026-07-14',
      '2026-08-15',
      '2026-11-01',
      '2026-11-11',
      '2026-12-25',
    ]) {
      expect(h.has(d), d).toBe(true);
    }
  });

  it('skips weekends and holidays', () => {
    expect(isWorkingDay('2026-11-27')).toBe(true); // Friday
    expect(isWorkingDay('2026-11-28')).toBe(false); // Saturday
    expect(isWorkingDay('2026-11-11')).toBe(false); // Armistice, a Wednesday
    expect(addWorkingDays('2026-11-27', 1)).toBe('2026-11-30');
    // Thursday 30 April 2026 + 2 working days: Friday 1 May is a holiday, so Monday 4 then Tuesday 5.
    expect(addWorkingDays('2026-04-30', 2)).toBe('2026-05-05');
    expect(addWorkingDays('2026-12-23', 3)).toBe('2026-12-29');
  });

  it('counts working days between two dates, the inverse of adding them', () => {
    expect(workingDaysBetween('2026-04-30', '2026-05-05')).toBe(2);
    expect(workingDaysBetween('2026-05-05', '2026-04-30')).toBe(0);
    for (const n of [0, 1, 5, 30, 45])
      expect(workingDaysBetween('2026-07-10', addWorkingDays('2026-07-10', n))).toBe(n);
  });
});
