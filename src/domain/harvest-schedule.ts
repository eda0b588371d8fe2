// When a harvest source runs: `every <n>h` (1 to 168 hours after the last run), `daily <HH:MM>` (wall-clock
// time in Europe/Paris, where the desk's providers are, whatever the daylight-saving offset) or `manual`.

export type HarvestSchedule =
  | { kind: 'every'; hours: number }
  | { kind: 'daily'; hour: number; minute: number }
  | { kind: 'manual' };

export const SCHEDULE_SYNTAX = 'every <1-168>h, daily <HH:MM> (Europe/Paris time) or manual';

export function parseSchedule(text: string): HarvestSchedule | undefined {
  const value = text.trim().toLowerCase();
  if (value === 'manual') return { kind: 'manual' };
  const every = /^every (\d{1,3})h$/.exec(value);
  if (every) {
    const hours = Number(every[1]);
    return hours >= 1 && hours <= 168 ? { kind: 'every', hours } : undefined;
  }
  const daily = /^daily ([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  if (daily) return { kind: 'daily', hour: Number(daily[1]), minute: Number(daily[2]) };
  return undefined;
}

export const PARIS = 'Europe/Paris';

/** The offset of Paris from UTC at `at`, in minutes (60 in winter, 120 in summer). */
function parisOffsetMinutes(at: Date): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: PARIS,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(at);
  const n = (type: string) => Number(parts.find((x) => x.type === type)?.value);
  const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'));
  return Math.round((wall - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

/** The instant Paris clocks show `hour:minute` on the Paris calendar day of `day`. */
function parisWallTime(day: Date, hour: number, minute: number): Date {
  const local = new Date(day.getTime() + parisOffsetMinutes(day) * 60_000);
  const guess = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), hour, minute);
  // The offset at the wanted time, not at `day`, so a run on the day clocks change still lands on time.
  return new Date(guess - parisOffsetMinutes(new Date(guess - 60 * 60_000)) * 60_000);
}

/** The first run after `after` (the last run's start, or the registration); undefined for manual sources. */
export function nextRunAfter(schedule: HarvestSchedule, after: Date): Date | undefined {
  if (schedule.kind === 'manual') return undefined;
  if (schedule.kind === 'every') return new Date(after.getTime() + schedule.hours * 3600_000);
  for (let days = 0; days <= 2; days++) {
    const at = parisWallTime(new Date(after.getTime() + days * 86_400_000), schedule.hour, schedule.minute);
    if (at.getTime() > after.getTime()) return at;
  }
  return undefined;
}
