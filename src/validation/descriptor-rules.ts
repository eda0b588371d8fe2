// The descriptor rules JSON Schema cannot state: real calendar dates, periods in order, minimum age <= maximum age,
// individuals <= records, and codes (places, coded concepts) checked against the shipped vocabularies.
// A rule between two fields is reported at both pointers, each message naming the other field.

import type { Violation } from './violation';
import { conceptProblem, placeProblem } from './vocabulary-checks';

const YEAR_MONTH_DAY = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The first and last calendar day a partial date (2012, 2012-05, 2012-05-31 or a date-time) stands for. */
export function dateBounds(value: string): { first: string; last: string } | undefined {
  const match = YEAR_MONTH_DAY.exec(value);
  if (!match) return undefined;
  const [, year, month, day] = match;
  const y = Number(year);
  if (month === undefined) return { first: `${year}-01-01`, last: `${year}-12-31` };
  const m = Number(month);
  if (m < 1 || m > 12) return undefined;
  const lastDay = daysInMonth(y, m);
  if (day === undefined) return { first: `${year}-${month}-01`, last: `${year}-${month}-${lastDay}` };
  if (Number(day) < 1 || Number(day) > lastDay) return undefined;
  return { first: `${year}-${month}-${day}`, last: `${year}-${month}-${day}` };
}

// The rules run beside the schema, on input the schema may refuse: every value is checked for its type first.
type Loose = Record<string, unknown>;
const isLoose = (value: unknown): value is Loose =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const count = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

function checkDate(out: Violation[], pointer: string, value: unknown): void {
  if (typeof value !== 'string' || !/^\d{4}(?:-\d{2}){0,2}(?:$|T)/.test(value)) return;
  if (!dateBounds(value)) out.push({ pointer, message: `'${value}' is not a calendar date` });
  const time = /T(\d{2}):(\d{2}):(\d{2})/i.exec(value);
  if (time && (Number(time[1]) > 23 || Number(time[2]) > 59 || Number(time[3]) > 60)) {
    out.push({ pointer, message: `'${value}' is not a valid time of day` });
  }
}

function checkPeriod(out: Violation[], pointer: string, period: unknown): void {
  if (!isLoose(period)) return;
  checkDate(out, `${pointer}/start`, period.start);
  checkDate(out, `${pointer}/end`, period.end);
  const startText = text(period.start);
  const endText = text(period.end);
  if (startText === undefined || endText === undefined) return;
  const start = dateBounds(startText);
  const end = dateBounds(endText);
  if (start && end && start.first > end.last) {
    out.push(
      { pointer: `${pointer}/start`, message: `starts after the end at ${pointer}/end (${endText})` },
      { pointer: `${pointer}/end`, message: `ends before the start at ${pointer}/start (${startText})` },
    );
  }
}

/** `low` must not exceed `high`: both pointers are reported, each naming the other. */
function checkOrder(
  out: Violation[],
  low: { pointer: string; value: number | undefined; noun: string },
  high: { pointer: string; value: number | undefined; noun: string },
): void {
  if (low.value === undefined || high.value === undefined || low.value <= high.value) return;
  out.push(
    {
      pointer: low.pointer,
      message: `${low.value} is greater than the ${high.noun} at ${high.pointer} (${high.value})`,
    },
    {
      pointer: high.pointer,
      message: `${high.value} is less than the ${low.noun} at ${low.pointer} (${low.value})`,
    },
  );
}

/** Every rule violation of a descriptor (or of input on its way to being one: wrong types are skipped). */
export function descriptorRuleViolations(input: unknown): Violation[] {
  const out: Violation[] = [];
  if (!isLoose(input)) return out;
  const d = input;
  checkPeriod(out, '/temporal', d.temporal);
  checkPeriod(out, '/retentionPeriod', d.retentionPeriod);
  checkDate(out, '/issued', d.issued);
  checkDate(out, '/modified', d.modified);
  for (const name of ['distributions', 'samples', 'analytics']) {
    list(d[name]).forEach((dist, i) => {
      if (!isLoose(dist)) return;
      checkDate(out, `/${name}/${i}/issued`, dist.issued);
      checkDate(out, `/${name}/${i}/modified`, dist.modified);
      checkPeriod(out, `/${name}/${i}/retentionPeriod`, dist.retentionPeriod);
    });
  }
  checkOrder(
    out,
    { pointer: '/minTypicalAge', value: count(d.minTypicalAge), noun: 'minimum typical age' },
    { pointer: '/maxTypicalAge', value: count(d.maxTypicalAge), noun: 'maximum typical age' },
  );
  checkOrder(
    out,
    {
      pointer: '/numberOfUniqueIndividuals',
      value: count(d.numberOfUniqueIndividuals),
      noun: 'number of unique individuals',
    },
    { pointer: '/numberOfRecords', value: count(d.numberOfRecords), noun: 'number of records' },
  );
  list(d.spatial).forEach((place, i) => {
    const problem = typeof place === 'string' ? placeProblem(place) : undefined;
    if (problem) out.push({ pointer: `/spatial/${i}`, message: problem });
  });
  list(d.codeValues).forEach((concept, i) => {
    const code = isLoose(concept) ? text(concept.code) : undefined;
    const problem = code === undefined ? undefined : conceptProblem(code);
    if (problem) out.push({ pointer: `/codeValues/${i}/code`, message: problem });
  });
  const conditions = isLoose(d.dataUseConditions) ? d.dataUseConditions : undefined;
  const permission = conditions && isLoose(conditions.permission) ? conditions.permission : undefined;
  const disease = permission ? text(permission.disease) : undefined;
  if (disease !== undefined && !ICD10_CODE.test(disease) && /^\S+:\S+$/.test(disease)) {
    const problem = conceptProblem(disease);
    if (problem) out.push({ pointer: '/dataUseConditions/permission/disease', message: problem });
  }
  return out;
}

const ICD10_CODE = /^[A-Z][0-9]{2}(?:\.[0-9A-Z]{1,4})?$/;
