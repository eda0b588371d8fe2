// Pages of the evaluators' area: the list with the form that opens an evaluation, an evaluation scored
// against the grid (or read-only once submitted), its dispute, its versions and its radar chart.
import { raw } from 'hono/html';
import type { EvaluationGrid, FiveSafe, GridCriterion, GridLevel } from '../../../domain/evaluation-grid';
import { radarSvg } from '../../../domain/radar-chart';
import type { DeskMetrics } from '../../../services/desk-metrics';
import type { DisputeView } from '../../../services/evaluation-disputes';
import type { EvaluationView } from '../../../services/evaluations';
import type { Violation } from '../../../validation/violation';
import { href, type PageContext } from '../../context';
import {
  type Choice,
  CsrfField,
  ErrorSummary,
  FieldGroup,
  fieldId,
  messagesAt,
  SelectField,
  TextArea,
  TextField,
} from '../../forms';
import { fill, formatCalendarDate, formatDate, formatNumber, type Lang } from '../../i18n';
import { messages } from './messages';
import { type CriterionEntry, problemInWords, type ScoreForm } from './score-form';
import { SIGNATURE, type Signer, SigningFields } from './signing';

type T = (typeof messages)[Lang];

export function stateWords(t: T, state: EvaluationView['state']): string {
  return {
    draft: t.stateDraft,
    submitted: t.stateSubmitted,
    countersigned: t.stateCountersigned,
    disputed: t.stateDisputed,
    superseded: t.stateSuperseded,
  }[state];
}

export const periodWords = (p: PageContext, period: { from: string; to: string }): string =>
  fill(messages[p.lang].periodValue, {
    from: formatCalendarDate(p.lang, period.from),
    to: formatCalendarDate(p.lang, period.to),
  });

const LEVEL_KEYS = ['level0', 'level1', 'level2', 'level3', 'level4'] as const;
const SAFE_KEYS: Record<FiveSafe, keyof T> = {
  people: 'safePeople',
  projects: 'safeProjects',
  settings: 'safeSettings',
  data: 'safeData',
  outputs: 'safeOutputs',
};
const KIND_KEYS = { link: 'kindLink', document: 'kindDocument', note: 'kindNote' } as const;

// ---------------------------------------------------------------------------------------------- the list

export interface OpenForm {
  deskId: string;
  periodFrom: string;
  periodTo: string;
}

export function ListPage(props: {
  p: PageContext;
  items: (EvaluationView & { deskName: string })[];
  canOpen: boolean;
  desks: Choice[];
  form: OpenForm;
  violations: Violation[];
}) {
  const { p } = props;
  const t = messages[p.lang];
  const fields = ['/deskId', '/periodFrom', '/periodTo'];
  return (
    <>
      <h1>{t.listTitle}</h1>
      <ErrorSummary p={p} violations={props.violations} fields={fields} />
      <p class="lead">{t.listIntro}</p>
      {props.items.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <div class="table-wrap">
          <table class="evaluations">
            <caption>{t.tableCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.colDesk}</th>
                <th scope="col">{t.colPeriod}</th>
                <th scope="col">{t.colState}</th>
                <th scope="col">{t.colScore}</th>
                <th scope="col">{t.colUpdated}</th>
              </tr>
            </thead>
            <tbody>
              {props.items.map((e) => (
                <tr>
                  <th scope="row">
                    <a href={href(p, `/evaluations/${e.id}`)}>{e.deskName}</a>
                  </th>
                  <td>{periodWords(p, e.period)}</td>
                  <td>{stateWords(t, e.state)}</td>
                  <td>{fill(t.overallValue, { score: formatNumber(p.lang, e.sheet.overall) })}</td>
                  <td>{formatDate(p.lang, e.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.canOpen ? (
        <section aria-labelledby="open-title">
          <h2 id="open-title">{t.openTitle}</h2>
          <p>{t.openIntro}</p>
          <form method="post" action={href(p, '/evaluations')} novalidate>
            <CsrfField p={p} />
            <SelectField
              pointer="/deskId"
              label={t.deskLabel}
              value={props.form.deskId}
              choices={props.desks}
              empty={t.chooseDesk}
              errors={messagesAt(props.violations, '/deskId')}
              required
            />
            <TextField
              pointer="/periodFrom"
              label={t.fromLabel}
              hint={t.dateHint}
              type="date"
              value={props.form.periodFrom}
              errors={messagesAt(props.violations, '/periodFrom')}
              required
            />
            <TextField
              pointer="/periodTo"
              label={t.toLabel}
              hint={t.dateHint}
              type="date"
              value={props.form.periodTo}
              errors={messagesAt(props.violations, '/periodTo')}
              required
            />
            <div class="actions">
              <button type="submit">{t.openButton}</button>
            </div>
          </form>
        </section>
      ) : (
        <p class="notice">{t.notEvaluator}</p>
      )}
    </>
  );
}

// ------------------------------------------------------------------------------------- one evaluation

export interface HistoryEntry {
  version: EvaluationView;
  dispute: DisputeView | null;
}

export interface EvaluationPageProps {
  p: PageContext;
  view: EvaluationView;
  grid: EvaluationGrid;
  deskName: string;
  /** The desk's figures over the evaluation's period, when they could be computed. */
  figures: DeskMetrics | undefined;
  /** Each metric-backed criterion's figure and the level it proposes. */
  computed: Map<string, { value: number | null; level: GridLevel | null }>;
  history: HistoryEntry[];
  orgNames: Map<string, string>;
  /** The caller may score, submit, answer and revise (an evaluator of the evaluating organisation). */
  evaluator: boolean;
  form: ScoreForm;
  /** The version the form was read at (the hidden field), which a save sends back. */
  formVersion: number;
  violations: Violation[];
  answerValues: Map<string, string>;
  answerViolations: Violation[];
  notice?: string | undefined;
  warning?: string | undefined;
}

function figureWords(lang: Lang, c: GridCriterion, value: number | null): string {
  const t = messages[lang];
  if (value === null) return t.figureNone;
  const unit = c.metric?.unit;
  if (unit === 'ratio') return fill(t.unitRatio, { n: formatNumber(lang, Math.round(value * 1000) / 10) });
  if (unit === 'working_days') return fill(t.unitWorkingDays, { n: formatNumber(lang, value) });
  if (unit === 'calendar_days') return fill(t.unitDays, { n: formatNumber(lang, value) });
  return formatNumber(lang, value);
}

function Summary(props: EvaluationPageProps) {
  const { p, view } = props;
  const t = messages[p.lang];
  const total = props.grid.groups.reduce((n, g) => n + g.criteria.length, 0);
  const scored = view.sheet.groups.reduce((n, g) => n + g.scored, 0);
  const countersignature =
    view.countersignature !== null
      ? t.countersignatureDone
      : view.state === 'disputed' || view.state === 'superseded'
        ? t.countersignatureRefused
        : view.state === 'submitted'
          ? t.countersignatureNone
          : null;
  return (
    <section aria-labelledby="summary-title">
      <h2 id="summary-title">{t.summaryTitle}</h2>
      <dl class="facts">
        <dt>{t.state}</dt>
        <dd>{stateWords(t, view.state)}</dd>
        <dt>{t.colPeriod}</dt>
        <dd>{periodWords(p, view.period)}</dd>
        <dt>{t.overall}</dt>
        <dd>{fill(t.overallValue, { score: formatNumber(p.lang, view.sheet.overall) })}</dd>
        <dt>{t.scoredCount}</dt>
        <dd>{fill(t.scoredValue, { scored, total })}</dd>
        <dt>{t.coverage}</dt>
        <dd>{fill(t.unitRatio, { n: formatNumber(p.lang, Math.round(view.sheet.coverage * 100)) })}</dd>
        <dt>{t.signature}</dt>
        <dd>{view.signature ? t.signatureSigned : t.signatureNone}</dd>
        {countersignature ? (
          <>
            <dt>{t.countersignature}</dt>
            <dd>{countersignature}</dd>
          </>
        ) : null}
        {view.signature ? (
          <>
            <dt>{t.evidence}</dt>
            <dd>
              <a href={href(p, `/evaluations/${view.id}/bundle`)} download>
                {t.evidenceLink}
              </a>
              <p class="hint">{t.evidenceHint}</p>
            </dd>
          </>
        ) : null}
      </dl>
      {view.supersedes ? <p>{t.supersedesLine}</p> : null}
    </section>
  );
}

function DisputeSection(props: EvaluationPageProps & { dispute: DisputeView }) {
  const { p, view, dispute } = props;
  const t = messages[p.lang];
  const titles = new Map(
    props.grid.groups.flatMap((g) => g.criteria.map((c) => [c.id, c.title[p.lang]] as const)),
  );
  const answers = new Map((dispute.answer ?? []).map((a) => [a.criterion, a.comment]));
  const canAnswer = props.evaluator && view.state === 'disputed' && dispute.answer === null;
  const canRevise =
    props.evaluator && view.state === 'disputed' && dispute.answer !== null && dispute.resolvedBy === null;
  const newer = props.history.find((h) => h.version.supersedes === view.id);
  const fields = dispute.criteria.map((_, i) => `/answer/${i}/comment`).concat('/answer');
  return (
    <section aria-labelledby="dispute-title">
      <h2 id="dispute-title">{t.disputeTitle}</h2>
      <p>
        {fill(t.disputeIntro, {
          org: props.orgNames.get(dispute.auditorOrganizationId) ?? dispute.auditorOrganizationId,
          date: formatDate(p.lang, dispute.openedAt),
        })}
      </p>
      {canAnswer ? (
        <>
          <ErrorSummary p={p} violations={props.answerViolations} fields={fields} />
          <p>{t.answerIntro}</p>
          <form
            id={fieldId('/answer')}
            method="post"
            action={href(p, `/evaluations/${view.id}/answer`)}
            novalidate
          >
            <CsrfField p={p} />
            {dispute.criteria.map((c, i) => (
              <div class="dispute-item">
                <h3>{titles.get(c.criterion) ?? c.criterion}</h3>
                <p>
                  <strong>
                    {t.disputeComment}
                    {t.colon}
                  </strong>{' '}
                  {c.comment}
                </p>
                <input type="hidden" name={`/answer/${i}/criterion`} value={c.criterion} />
                <TextArea
                  pointer={`/answer/${i}/comment`}
                  label={fill(t.answerLabel, { criterion: titles.get(c.criterion) ?? c.criterion })}
                  value={props.answerValues.get(c.criterion) ?? ''}
                  rows={3}
                  errors={messagesAt(props.answerViolations, `/answer/${i}/comment`)}
                  required
                />
              </div>
            ))}
            <div class="actions">
              <button type="submit">{t.answerButton}</button>
            </div>
          </form>
        </>
      ) : (
        <div class="table-wrap">
          <table>
            <caption>{t.disputeTitle}</caption>
            <thead>
              <tr>
                <th scope="col">{t.disputeCriterion}</th>
                <th scope="col">{t.disputeComment}</th>
                <th scope="col">{t.disputeAnswer}</th>
              </tr>
            </thead>
            <tbody>
              {dispute.criteria.map((c) => (
                <tr>
                  <th scope="row">{titles.get(c.criterion) ?? c.criterion}</th>
                  <td>{c.comment}</td>
                  <td>{answers.get(c.criterion) ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {dispute.answeredAt ? (
        <p>{fill(t.answeredOn, { date: formatDate(p.lang, dispute.answeredAt) })}</p>
      ) : null}
      {dispute.resolvedAt ? (
        <p>{fill(t.resolvedBy, { date: formatDate(p.lang, dispute.resolvedAt) })}</p>
      ) : null}
      {canRevise && !newer ? (
        <form method="post" action={href(p, `/evaluations/${view.id}/revisions`)}>
          <CsrfField p={p} />
          <p>{t.reviseIntro}</p>
          <div class="actions">
            <button type="submit">{t.reviseButton}</button>
          </div>
        </form>
      ) : null}
      {newer ? (
        <p>
          <a href={href(p, `/evaluations/${newer.version.id}`)}>{t.seeNewVersion}</a>
        </p>
      ) : null}
    </section>
  );
}

function VersionsSection(props: EvaluationPageProps) {
  const { p, view } = props;
  const t = messages[p.lang];
  if (props.history.length < 2) return null;
  return (
    <section aria-labelledby="versions-title">
      <h2 id="versions-title">{t.versionsTitle}</h2>
      <div class="table-wrap">
        <table>
          <caption>{t.versionsCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{t.colVersionNumber}</th>
              <th scope="col">{t.colState}</th>
              <th scope="col">{t.colScore}</th>
              <th scope="col">{t.colDispute}</th>
              <th scope="col">{t.colUpdated}</th>
            </tr>
          </thead>
          <tbody>
            {props.history.map((h, i) => (
              <tr>
                <th scope="row">
                  {h.version.id === view.id ? (
                    <span aria-current="page">{fill(t.thisVersion, { n: i + 1 })}</span>
                  ) : (
                    <a href={href(p, `/evaluations/${h.version.id}`)}>{fill(t.versionLink, { n: i + 1 })}</a>
                  )}
                </th>
                <td>{stateWords(t, h.version.state)}</td>
                <td>{fill(t.overallValue, { score: formatNumber(p.lang, h.version.sheet.overall) })}</td>
                <td>
                  {h.dispute === null
                    ? '—'
                    : h.dispute.resolvedBy
                      ? t.disputeResolved
                      : h.dispute.answer
                        ? t.disputeAnsweredWord
                        : t.disputeOpen}
                </td>
                <td>{formatDate(p.lang, h.version.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function ChartSection(props: EvaluationPageProps) {
  const { p, view, grid } = props;
  const t = messages[p.lang];
  const index = props.history.findIndex((h) => h.version.id === view.supersedes);
  const previous = index >= 0 ? props.history[index]!.version : undefined;
  const axes = grid.groups.map((g, i) => ({
    label: g.title[p.lang],
    score: view.sheet.groups[i]?.score ?? 0,
  }));
  const title = fill(t.chartLabel, {
    title: `${props.deskName}, ${periodWords(p, view.period)} (${formatNumber(p.lang, view.sheet.overall)}/100)`,
  });
  const svg = radarSvg(
    title,
    axes,
    previous?.sheet.groups.map((g) => g.score),
    { current: t.chartCurrent, previous: t.chartPrevious },
  );
  return (
    <section aria-labelledby="chart-title">
      <h2 id="chart-title">{t.chartTitle}</h2>
      <p>{previous ? fill(t.chartIntroCompare, { n: index + 1 }) : t.chartIntroAlone}</p>
      <figure class="radar evaluation-radar">{raw(svg)}</figure>
      <div class="table-wrap">
        <table class="scores">
          <caption>{t.scoresCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{t.colGroup}</th>
              <th scope="col">{t.colThis}</th>
              {previous ? <th scope="col">{fill(t.colPrevious, { n: index + 1 })}</th> : null}
              <th scope="col">{t.colScored}</th>
            </tr>
          </thead>
          <tbody>
            {grid.groups.map((g, i) => {
              const s = view.sheet.groups[i];
              return (
                <tr>
                  <th scope="row">{g.title[p.lang]}</th>
                  <td>{formatNumber(p.lang, s?.score ?? 0)}</td>
                  {previous ? <td>{formatNumber(p.lang, previous.sheet.groups[i]?.score ?? 0)}</td> : null}
                  <td>{fill(t.scoredValue, { scored: s?.scored ?? 0, total: g.criteria.length })}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function CriterionHeader(props: {
  p: PageContext;
  c: GridCriterion;
  figure: EvaluationPageProps['computed'];
}) {
  const { p, c } = props;
  const t = messages[p.lang];
  const figure = props.figure.get(c.id);
  return (
    <>
      <h4>{c.title[p.lang]}</h4>
      <p>{c.description[p.lang]}</p>
      <p class="muted">
        {t.fiveSafes}
        {t.colon} {c.fiveSafes.map((s) => t[SAFE_KEYS[s]]).join(', ')} ·{' '}
        {fill(t.criterionWeight, { weight: c.weight })}
      </p>
      {c.metric ? (
        <p class="figure">
          <strong>
            {t.figure}
            {t.colon}
          </strong>{' '}
          {figureWords(p.lang, c, figure?.value ?? null)}
          {figure?.level != null ? ` (${fill(t.figureLevel, { level: figure.level })})` : ''}
        </p>
      ) : null}
    </>
  );
}

function CriterionEditor(props: {
  p: PageContext;
  c: GridCriterion;
  entry: CriterionEntry;
  figure: EvaluationPageProps['computed'];
  violations: Violation[];
}) {
  const { p, c, entry, violations } = props;
  const t = messages[p.lang];
  const base = `/scores/${c.id}`;
  const levelId = fieldId(`${base}/level`);
  const rows = [...entry.evidence, { kind: c.evidence.kinds[0]!, value: '', label: '' }];
  const kinds = c.evidence.kinds.map((k) => ({ value: k, label: t[KIND_KEYS[k]] }));
  const hasFigure = props.figure.get(c.id)?.level != null;
  return (
    <div class="criterion" id={fieldId(base)} tabindex={-1}>
      <CriterionHeader p={p} c={c} figure={props.figure} />
      <FieldGroup
        id={levelId}
        legend={fill(t.levelLegend, { criterion: c.title[p.lang] })}
        hint={hasFigure ? t.figureNote : undefined}
        errors={messagesAt(violations, `${base}/level`).concat(messagesAt(violations, base))}
      >
        <ul class="choices levels">
          {c.levels.map((l, i) => (
            <li>
              <input
                type="radio"
                id={`${levelId}-${i}`}
                name={`${base}/level`}
                value={String(l.level)}
                checked={entry.level === String(l.level)}
              />
              <label for={`${levelId}-${i}`}>
                <strong>
                  {t[LEVEL_KEYS[l.level]]}
                  {t.colon}
                </strong>{' '}
                {l[p.lang]}
              </label>
            </li>
          ))}
        </ul>
      </FieldGroup>
      <FieldGroup
        id={fieldId(`${base}/evidence`)}
        legend={t.evidenceTitle}
        hint={`${c.evidence.required ? t.evidenceRequired : t.evidenceOptional} ${c.evidence.description[p.lang]}`}
        errors={messagesAt(violations, `${base}/evidence`)}
      >
        {rows.map((e, i) => {
          const at = `${base}/evidence/${i}`;
          const blank = i === rows.length - 1;
          return (
            <div class="evidence-row">
              <p class="evidence-title">
                {fill(t.evidenceLegend, { n: i + 1 })}
                {blank ? ` — ${t.evidenceEmptyHint}` : ''}
              </p>
              <SelectField
                pointer={`${at}/kind`}
                label={t.evidenceKind}
                value={e.kind}
                choices={kinds}
                errors={messagesAt(violations, `${at}/kind`)}
              />
              <TextField
                pointer={`${at}/value`}
                label={t.evidenceValue}
                hint={t.evidenceValueHint}
                value={e.value}
                errors={messagesAt(violations, `${at}/value`)}
              />
              <TextField
                pointer={`${at}/label`}
                label={t.evidenceLabel}
                value={e.label}
                errors={messagesAt(violations, `${at}/label`)}
              />
            </div>
          );
        })}
      </FieldGroup>
      <TextArea
        pointer={`${base}/justification`}
        label={t.justification}
        hint={t.justificationHint}
        value={entry.justification}
        rows={2}
        errors={messagesAt(violations, `${base}/justification`)}
      />
    </div>
  );
}

function CriterionReadOnly(props: {
  p: PageContext;
  c: GridCriterion;
  view: EvaluationView;
  figure: EvaluationPageProps['computed'];
}) {
  const { p, c } = props;
  const t = messages[p.lang];
  const s = props.view.scores[c.id];
  return (
    <div class="criterion" id={fieldId(`/scores/${c.id}`)}>
      <CriterionHeader p={p} c={c} figure={props.figure} />
      <p>
        <strong>
          {t.levelGiven}
          {t.colon}
        </strong>{' '}
        {s ? (
          <>
            {t[LEVEL_KEYS[s.level]]} — {c.levels[s.level]?.[p.lang]}
          </>
        ) : (
          t.notScored
        )}
      </p>
      {s && s.evidence.length > 0 ? (
        <>
          <p>
            <strong>
              {t.evidenceTitle}
              {t.colon}
            </strong>
          </p>
          <ul>
            {s.evidence.map((e) => (
              <li>
                {t[KIND_KEYS[e.kind]]}
                {t.colon}{' '}
                {e.kind === 'link' ? (
                  <a href={e.value} rel="noreferrer">
                    {e.label || e.value}
                  </a>
                ) : e.kind === 'document' ? (
                  <>
                    {e.label ? `${e.label} — ` : ''}
                    <code class="digest">{e.value}</code>
                  </>
                ) : (
                  <>
                    {e.label ? `${e.label} — ` : ''}
                    {e.value}
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {s?.justification ? (
        <p>
          <strong>
            {t.justification}
            {t.colon}
          </strong>{' '}
          {s.justification}
        </p>
      ) : null}
    </div>
  );
}

export function EvaluationPage(props: EvaluationPageProps) {
  const { p, view, grid } = props;
  const t = messages[p.lang];
  const editable = props.evaluator && view.state === 'draft';
  const entry = props.history.find((h) => h.version.id === view.id);
  const fields = grid.groups.flatMap((g) =>
    g.criteria.flatMap((c) => {
      const base = `/scores/${c.id}`;
      const n = (props.form[c.id]?.evidence.length ?? 0) + 1;
      return [
        base,
        `${base}/level`,
        `${base}/evidence`,
        `${base}/justification`,
        ...Array.from({ length: n }, (_, i) => [
          `${base}/evidence/${i}/kind`,
          `${base}/evidence/${i}/value`,
          `${base}/evidence/${i}/label`,
        ]).flat(),
      ];
    }),
  );
  return (
    <>
      <p class="breadcrumb">
        <a href={href(p, '/evaluations')}>{t.backToList}</a>
      </p>
      <h1>{fill(t.pageTitle, { desk: props.deskName })}</h1>
      <ErrorSummary p={p} violations={props.violations} fields={fields} />
      {props.notice ? (
        <p class="notice notice-ok" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.warning ? <p class="notice notice-warn">{props.warning}</p> : null}
      <p class="lead">
        {periodWords(p, view.period)} ·{' '}
        {fill(t.gridLine, { grid: grid.title[p.lang], version: grid.version })}
      </p>
      <Summary {...props} />
      {entry?.dispute ? <DisputeSection {...props} dispute={entry.dispute} /> : null}
      {editable ? null : (
        <>
          <VersionsSection {...props} />
          <ChartSection {...props} />
        </>
      )}
      <section aria-labelledby="grid-title">
        <h2 id="grid-title">{editable ? t.gridTitle : t.readOnlyTitle}</h2>
        {editable ? (
          <form method="post" action={href(p, `/evaluations/${view.id}`)} novalidate>
            <CsrfField p={p} />
            <input type="hidden" name="version" value={String(props.formVersion)} />
            {grid.groups.map((g) => (
              <section class="grid-group" aria-labelledby={`group-${g.id}`}>
                <h3 id={`group-${g.id}`}>{g.title[p.lang]}</h3>
                {g.description ? <p>{g.description[p.lang]}</p> : null}
                <p class="muted">{fill(t.groupWeight, { weight: g.weight })}</p>
                {g.criteria.map((c) => (
                  <CriterionEditor
                    p={p}
                    c={c}
                    entry={props.form[c.id] ?? { level: '', evidence: [], justification: '' }}
                    figure={props.computed}
                    violations={props.violations}
                  />
                ))}
              </section>
            ))}
            <div class="actions">
              <button type="submit" name="intent" value="save">
                {t.saveButton}
              </button>
              <button type="submit" name="intent" value="submit" class="secondary">
                {t.submitButton}
              </button>
            </div>
          </form>
        ) : (
          grid.groups.map((g) => (
            <section class="grid-group" aria-labelledby={`group-${g.id}`}>
              <h3 id={`group-${g.id}`}>{g.title[p.lang]}</h3>
              {g.criteria.map((c) => (
                <CriterionReadOnly p={p} c={c} view={view} figure={props.computed} />
              ))}
            </section>
          ))
        )}
      </section>
      {editable ? (
        <>
          <VersionsSection {...props} />
          <ChartSection {...props} />
        </>
      ) : null}
    </>
  );
}

export function ConfirmPage(props: {
  p: PageContext;
  view: EvaluationView;
  grid: EvaluationGrid;
  deskName: string;
  problems: { criterion: string; problem: string }[];
  signer: Signer;
  /** Refusals of the signature itself, at /signature. */
  violations: Violation[];
}) {
  const { p, view } = props;
  const t = messages[p.lang];
  const titles = new Map(
    props.grid.groups.flatMap((g) => g.criteria.map((c) => [c.id, c.title[p.lang]] as const)),
  );
  return (
    <>
      <h1>{t.confirmTitle}</h1>
      <p class="lead">
        {fill(t.pageTitle, { desk: props.deskName })}, {periodWords(p, view.period)}
      </p>
      {props.problems.length > 0 ? (
        <div
          class="error-summary"
          role="alert"
          tabindex={-1}
          id="error-summary"
          aria-labelledby="incomplete-title"
        >
          <h2 id="incomplete-title">{t.incompleteTitle}</h2>
          <p>{t.confirmIncomplete}</p>
          <ul>
            {props.problems.map((x) => (
              <li>
                <a href={`${href(p, `/evaluations/${view.id}`)}#${fieldId(`/scores/${x.criterion}`)}`}>
                  {titles.get(x.criterion) ?? x.criterion}
                  {t.colon} {problemInWords(p.lang, x.problem)}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <ErrorSummary p={p} violations={props.violations} fields={[SIGNATURE]} />
      <p>{t.confirmIntro}</p>
      <form method="post" action={href(p, `/evaluations/${view.id}/submit`)} data-signing>
        <CsrfField p={p} />
        <SigningFields
          p={p}
          kind="evaluation"
          evaluation={view.id}
          signer={props.signer}
          documentUrl={href(p, `/evaluations/${view.id}/signing-document`)}
          button={t.confirmButton}
          violations={props.violations}
        />
        <p>
          <a href={href(p, `/evaluations/${view.id}`)}>{t.backToEvaluation}</a>
        </p>
      </form>
    </>
  );
}
