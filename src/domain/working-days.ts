// French working days: weekends and public holidays (Easter-based ones included) do not count.
// Dates are calendar days in Europe/Paris terms, handled as UTC midnights ("YYYY-MM-DD").

const DAY_MS = 86_400_000;

export type IsoDate = string;

export function toIsoDate(d: Date): IsoDate {
  return d.toISOString().slice(0, 10);
}

function utc(y: number, m: number, d: number): Date {
  return new Date(Date.UTC(y, m - 1, d));
}

/** Easter Sunday (Gregorian), by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return utc(year, month, day);
}

const holidayCache = new Map<number, Set<IsoDate>>();

/** The eleven French public holidays of metropolitan France (Code du travail, art. L3133-1). */
export function frenchPublicHolidays(year: number): Set<IsoDate> {
  const cached = holidayCache.get(year);
  if (cached) return cached;
  const easter = easterSunday(year).getTime();
  const days = [
    utc(year, 1, 1), // Jour de l'an
    new Date(easter + 1 * DAY_MS), // Lundi de Pâques
    utc(year, 5, 1), // Fête du travail
    utc(year, 5, 8), // Victoire 1945
    new Date(easter + 39 * DAY_MS), // Ascension
    new Date(easter + 50 * DAY_MS), // Lundi de Pentecôte
    utc(year, 7, 14), // Fête nationale
    utc(year, 8, 15), // Assomption
    utc(year, 11, 1), // Toussaint
    utc(year, 11, 11), // Armistice
    utc(year, 12, 25), // Noël
  ];
  const set = new Set(days.map(toIsoDate));
  holidayCache.set(year, set);
  return set;
}

export function isWorkingDay(date: IsoDate): boolean {
  const d = new Date(`${date}T00:00:00Z`);
  const weekday = d.getUTCDay();
  return weekday !== 0 && weekday !== 6 && !frenchPublicHolidays(d.getUTCFullYear()).has(date);
}

/** The date `n` working days after `from` (the day of `from` itself never counts). */
export function addWorkingDays(from: IsoDate, n: number): IsoDate {
  let t = new Date(`${from}T00:00:00Z`).getTime();
  let left = n;
  while (left > 0) {
    t += DAY_MS;
    if (isWorkingDay(toIsoDate(new Date(t)))) left--;
  }
  return toIsoDate(new Date(t));
}

/** Working days in (from, to]: 0 when `to` is not after `from`. */
export function workingDaysBetween(from: IsoDate, to: IsoDate): number {
  let t = new Date(`${from}T00:00:00Z`).getTime();
  const end = new Date(`${to}T00:00:00Z`).getTime();
  let n = 0;
  while (t < end) {
    t += DAY_MS;
    if (isWorkingDay(toIsoDate(new Date(t)))) n++;
  }
  return n;
}
