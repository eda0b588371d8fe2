// The figures method phoenix-figures/1, re-implemented from its description: the values an evaluation signs,
// recomputed from its inputs.

export const FIGURES_METHOD = 'phoenix-figures/1';

const DAY_MS = 86_400_000;

/**
 * Nearest-rank percentile: sort ascending, take the value at rank max(1, ceil(p × n)).
 * @param {number[]} values @param {number} p
 * @returns {number | null}
 */
function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return /** @type {number} */ (sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1]);
}

/** @param {number | null} x @param {number} digits */
const roundTo = (x, digits) => (x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits);

/**
 * @typedef {{ application: string, submittedAt: string | null, completeAt: string | null, decidedAt: string | null,
 *   outcome: 'approved' | 'rejected' | null, workingDays: number | null, deadline: string | null,
 *   withinDeadline: boolean | null, firstVisaAt: string | null,
 *   entries: { submitted: string | null, completed: string | null, decided: string | null, firstVisa: string | null } }} ApplicationInput
 * @typedef {{ deskId: string, period: { from: string, to: string }, applications: ApplicationInput[],
 *   datasets: { dataset: string, checks: number, missing: string[] }[] }} FiguresInputs
 */

/**
 * @param {FiguresInputs} inputs
 */
export function computeFigures(inputs) {
  const from = Date.parse(`${inputs.period.from}T00:00:00Z`);
  const to = Date.parse(`${inputs.period.to}T00:00:00Z`);
  /** @param {string | null} at */
  const inPeriod = (at) => {
    if (at === null) return false;
    const t = Date.parse(at);
    return t >= from && t < to;
  };
  const decided = inputs.applications.filter((a) => a.outcome !== null && inPeriod(a.decidedAt));
  const decisions = decided.length;
  const days = decided.flatMap((a) => (a.workingDays === null ? [] : [a.workingDays]));
  const within = decided.filter(
    (a) =>
      a.deadline !== null &&
      new Date(/** @type {string} */ (a.decidedAt)).toISOString().slice(0, 10) <= a.deadline,
  ).length;
  const approved = decided.filter((a) => a.outcome === 'approved');
  const toFirstVisa = approved.flatMap((a) =>
    a.firstVisaAt === null
      ? []
      : [(Date.parse(a.firstVisaAt) - Date.parse(/** @type {string} */ (a.decidedAt))) / DAY_MS],
  );
  /** @param {number} n */
  const ratio = (n) => (decisions ? n / decisions : null);
  const shares = inputs.datasets.map((d) => (d.checks - d.missing.length) / d.checks);
  return {
    deskId: inputs.deskId,
    period: { from: inputs.period.from, to: inputs.period.to },
    applicationsSubmitted: inputs.applications.filter((a) => inPeriod(a.submittedAt)).length,
    decisions,
    medianWorkingDaysToDecision: percentile(days, 0.5),
    p90WorkingDaysToDecision: percentile(days, 0.9),
    shareDecidedWithinDeadline: ratio(within),
    approvalRate: ratio(approved.length),
    medianDaysApprovalToFirstVisa: roundTo(percentile(toFirstVisa, 0.5), 2),
    catalogueCompleteness: shares.length === 0 ? null : shares.reduce((sum, s) => sum + s, 0) / shares.length,
    publishedDatasets: inputs.datasets.length,
  };
}
