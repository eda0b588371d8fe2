// The auditor's pages as components: functions of what the services return and of the message catalogue.
import { raw } from 'hono/html';
import type { JWK } from 'jose';
import type { ChainedAuditEntry } from '../../../domain/audit-chain';
import type { EvaluationGrid } from '../../../domain/evaluation-grid';
import { auditVerify } from '../../../generated/console-assets.js';
import type { CheckpointView } from '../../../services/audit-checkpoints';
import type { AuditedDesk } from '../../../services/audited-evaluations';
import type { DisputeView } from '../../../services/evaluation-disputes';
import type { EvaluationView } from '../../../services/evaluations';
import type { Violation } from '../../../validation/violation';
import { href, type PageContext } from '../../context';
import { CsrfField, ErrorSummary, messagesAt, SelectField, TextArea, TextField } from '../../forms';
import { fill, formatCalendarDate, formatDateTime, formatNumber, type Lang, localized } from '../../i18n';
import { SIGNATURE, type Signer, SigningFields } from '../evaluations/signing';
import { messages } from './messages';

type Texts = (typeof messages)[Lang];

/** The data the browser's checks read: JSON in a non-executed script element, `<` escaped so it cannot close it. */
function VerifyData(props: { data: unknown }) {
  return (
    <script type="application/json" id="audit-verify-data">
      {raw(JSON.stringify(props.data).replace(/</g, '\\u003c'))}
    </script>
  );
}

function VerifyScript(props: { p: PageContext }) {
  return <script src={auditVerify.path} defer nonce={props.p.nonce} />;
}

/** The script's texts in the page's language. */
function scriptMessages(t: Texts) {
  return {
    verified: t.verified,
    countersignatureVerified: t.countersignatureVerified,
    headVerified: t.headVerified,
    headFailed: t.headFailed,
    inclusionChecked: t.inclusionChecked,
    inclusionSummary: t.inclusionSummary,
    sequenceChecked: t.sequenceChecked,
    sequenceFailed: {
      gap: t.sequenceGap,
      link: t.sequenceLink,
      unnumbered: t.sequenceUnnumbered,
      entries: t.sequenceEntries,
    },
    failed: t.verifyFailed,
    reasons: {
      malformed: t.reasonMalformed,
      alg: t.reasonAlg,
      typ: t.reasonTyp,
      'unknown-key': t.reasonUnknownKey,
      signature: t.reasonSignature,
      payload: t.reasonPayload,
      countersigned: t.reasonCountersigned,
      entry: t.reasonEntry,
      size: t.reasonSize,
      inclusion: t.reasonInclusion,
      shown: t.reasonShown,
      error: t.reasonError,
    },
  };
}

const stateText = (t: Texts, state: EvaluationView['state']) => t[`state_${state}`];

export function AuditHome(props: { p: PageContext; desks: AuditedDesk[] }) {
  const { p } = props;
  const t = messages[p.lang];
  return (
    <>
      <h1>{t.title}</h1>
      <p class="lead">{t.intro}</p>
      <p>
        <a href={href(p, '/audit/log')}>{t.logLink}</a>
      </p>
      {props.desks.length === 0 ? <p>{t.none}</p> : null}
      {props.desks.map((d) => (
        <section aria-labelledby={`desk-${d.id}`}>
          <h2 id={`desk-${d.id}`}>{fill(t.deskEvaluations, { desk: d.name })}</h2>
          {d.evaluations.length === 0 ? (
            <p>{t.noEvaluations}</p>
          ) : (
            <section class="table-wrap" tabindex={0} aria-labelledby={`caption-${d.id}`}>
              <table>
                <caption id={`caption-${d.id}`}>{fill(t.evaluationsCaption, { desk: d.name })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t.period}</th>
                    <th scope="col">{t.state}</th>
                    <th scope="col">{t.overall}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.evaluations.map((e) => {
                    const period = {
                      from: formatCalendarDate(p.lang, e.period.from),
                      to: formatCalendarDate(p.lang, e.period.to),
                    };
                    return (
                      <tr>
                        <th scope="row">
                          <a
                            href={href(p, `/audit/evaluations/${e.id}`)}
                            aria-label={fill(t.openEvaluation, period)}
                          >
                            {fill(t.periodValue, period)}
                          </a>
                        </th>
                        <td>{stateText(t, e.state)}</td>
                        <td>{fill(t.outOf100, { score: formatNumber(p.lang, e.sheet.overall) })}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </section>
          )}
        </section>
      ))}
    </>
  );
}

export interface DisputeRow {
  criterion: string;
  comment: string;
}

export const DISPUTE_ROWS = 3;

/** The commands of the README's auditor walkthrough, for this evaluation: its signature, with the keys of the
 * organisation that made it (their whole history, retired keys included). */
function evaluationCli(base: string, id: string, evaluator: string): string {
  return `API=${base}
AUDITOR=$(npm run --silent cli -- token --sub <your-subject>)
curl -s "$API/v1/evaluations/${id}" -H "Authorization: Bearer $AUDITOR" > evaluation.json
curl -s "$API/v1/organizations/${evaluator}/keys" | jq '{keys: [.items[].jwk]}' > evaluator-keys.json
node --input-type=module -e '
  import { compactVerify, createLocalJWKSet } from "jose";
  import { readFileSync } from "node:fs";
  const { signature } = JSON.parse(readFileSync("evaluation.json", "utf8"));
  const keys = createLocalJWKSet(JSON.parse(readFileSync("evaluator-keys.json", "utf8")));
  const { payload, protectedHeader } = await compactVerify(signature, keys);
  const doc = JSON.parse(new TextDecoder().decode(payload));
  console.log(protectedHeader.typ, "verified with key", protectedHeader.kid, "of", doc.evaluatorOrganization, "overall", doc.sheet.overall);'`;
}

function logCli(base: string, desk: string | undefined): string {
  return `API=${base}
AUDITOR=$(npm run --silent cli -- token --sub <your-subject>)
curl -s "$API/v1/signing-keys" > keys.json
curl -s "$API/v1/audit/checkpoints/latest" | jq -r .signature > checkpoint.jws
node --input-type=module -e '
  import { compactVerify, createLocalJWKSet } from "jose";
  import { readFileSync } from "node:fs";
  const keys = createLocalJWKSet(JSON.parse(readFileSync("keys.json", "utf8")));
  const { payload } = await compactVerify(readFileSync("checkpoint.jws", "utf8").trim(), keys);
  const head = JSON.parse(new TextDecoder().decode(payload));
  console.log("tree head verified:", head.treeSize, "entries, root", head.rootHash.slice(0, 16));'
curl -s "$API/v1/audit/verify" -H "Authorization: Bearer $AUDITOR" | jq '{ok, entries, checkpoint}'
curl -s "$API/v1/audit/events?${desk ? `deskId=${desk}&` : ''}limit=100" -H "Authorization: Bearer $AUDITOR" | jq '.items[] | {seq, action, hash}'
# an entry's inclusion in the signed tree head:
curl -s "$API/v1/audit/proofs/inclusion?entry=<entry id>&size=<tree size>" -H "Authorization: Bearer $AUDITOR"${
    desk
      ? `
# the desk's whole log, taken away and checked: every entry, none missing, each one in the signed tree head
npm run --silent cli -- audit copy --desk-url "$API" --desk-id ${desk} --token "$AUDITOR" --out desk-log.json`
      : ''
  }`;
}

function CliBlock(props: { id: string; title: string; intro: unknown; code: string }) {
  return (
    <details class="cli">
      <summary>{props.title}</summary>
      <p>{props.intro}</p>
      <pre id={props.id} tabindex={0}>
        <code>{props.code}</code>
      </pre>
    </details>
  );
}

export function EvaluationPage(props: {
  p: PageContext;
  evaluation: EvaluationView;
  grid: EvaluationGrid;
  deskName: string;
  /** The evaluator organisation's keys (its whole history): the evaluation's signature is checked with them. */
  keys: { keys: JWK[] };
  /** The countersigning organisation's keys, for the countersignature. */
  countersignerKeys: { keys: JWK[] };
  baseUrl: string;
  canAct: boolean;
  /** The auditor organisation that would sign a dispute, with its keys (when the person may act). */
  signer: Signer | undefined;
  dispute: DisputeView | null;
  notice?: 'countersigned' | 'disputed' | undefined;
  rows: DisputeRow[];
  violations: Violation[];
}) {
  const { p, evaluation: e, grid } = props;
  const t = messages[p.lang];
  const criteriaChoices = grid.groups.flatMap((g) =>
    g.criteria.map((c) => ({
      value: c.id,
      label: `${localized(p.lang, g.title)} — ${localized(p.lang, c.title)}`,
    })),
  );
  const criterionTitle = new Map(
    grid.groups.flatMap((g) => g.criteria.map((c) => [c.id, localized(p.lang, c.title)])),
  );
  const period = {
    from: formatCalendarDate(p.lang, e.period.from),
    to: formatCalendarDate(p.lang, e.period.to),
  };
  const fields = Array.from({ length: DISPUTE_ROWS }, (_, i) => [
    `/criteria/${i}/criterion`,
    `/criteria/${i}/comment`,
  ]).flat();
  return (
    <>
      <ErrorSummary p={p} violations={props.violations} fields={['', SIGNATURE, ...fields]} />
      <h1>{fill(t.evaluationTitle, { desk: props.deskName })}</h1>
      {props.notice ? (
        <p class="notice notice-ok" role="status">
          {props.notice === 'countersigned' ? t.countersigned : t.disputed}
        </p>
      ) : null}
      <div data-evaluation-id={e.id} data-overall={String(e.sheet.overall)}>
        <dl class="facts">
          <dt>{t.desk}</dt>
          <dd>{props.deskName}</dd>
          <dt>{t.period}</dt>
          <dd>{fill(t.periodValue, period)}</dd>
          <dt>{t.grid}</dt>
          <dd>{`${localized(p.lang, grid.title)} (${grid.version})`}</dd>
          <dt>{t.state}</dt>
          <dd>{stateText(t, e.state)}</dd>
          <dt>{t.overall}</dt>
          <dd>{fill(t.outOf100, { score: formatNumber(p.lang, e.sheet.overall) })}</dd>
          <dt>{t.coverage}</dt>
          <dd>
            {fill(t.coverageValue, { value: formatNumber(p.lang, Math.round(e.sheet.coverage * 100)) })}
          </dd>
        </dl>
      </div>

      <section aria-labelledby="signature-title" class="signature">
        <h2 id="signature-title">{t.signatureTitle}</h2>
        <p>{t.signatureIntro}</p>
        {e.signature ? (
          <>
            <p id="signature-status" class="verify-status verify-pending" role="status" aria-live="polite">
              {t.signatureNotChecked}
            </p>
            <noscript>
              <p class="notice notice-warn">{t.noScript}</p>
            </noscript>
            {e.countersignature ? (
              <>
                <h3>{t.countersignatureTitle}</h3>
                <p
                  id="countersignature-status"
                  class="verify-status verify-pending"
                  role="status"
                  aria-live="polite"
                >
                  {t.countersignatureNotChecked}
                </p>
              </>
            ) : null}
            <CliBlock
              id="evaluation-cli"
              title={t.cliTitle}
              intro={
                <>
                  {fill(t.cliIntro, { keys: '' })}
                  <a href={`/v1/organizations/${e.evaluatorOrganizationId}/keys`}>{t.keysLink}</a>
                </>
              }
              code={evaluationCli(props.baseUrl, e.id, e.evaluatorOrganizationId)}
            />
            <details class="cli">
              <summary>{t.signedJws}</summary>
              <pre id="evaluation-jws" tabindex={0}>
                <code>{e.signature}</code>
              </pre>
            </details>
            <VerifyData
              data={{
                kind: 'evaluation',
                signature: e.signature,
                countersignature: e.countersignature,
                keys: props.keys,
                countersignerKeys: props.countersignerKeys,
                messages: scriptMessages(t),
              }}
            />
            <VerifyScript p={p} />
          </>
        ) : (
          <p>{t.noSignature}</p>
        )}
      </section>

      <section aria-labelledby="groups-title">
        <h2 id="groups-title">{t.groupsTitle}</h2>
        <section class="table-wrap" tabindex={0} aria-labelledby="caption-groups">
          <table>
            <caption id="caption-groups">{t.groupsCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.group}</th>
                <th scope="col">{t.score}</th>
                <th scope="col">{t.criteriaScored}</th>
              </tr>
            </thead>
            <tbody>
              {grid.groups.map((g) => {
                const s = e.sheet.groups.find((x) => x.id === g.id);
                return (
                  <tr data-group-id={g.id} data-score={String(s?.score ?? 0)}>
                    <th scope="row">{localized(p.lang, g.title)}</th>
                    <td>{fill(t.outOf100, { score: formatNumber(p.lang, s?.score ?? 0) })}</td>
                    <td>{`${s?.scored ?? 0} / ${s?.criteria ?? g.criteria.length}`}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      </section>

      <section aria-labelledby="criteria-title">
        <h2 id="criteria-title">{t.criteriaTitle}</h2>
        {grid.groups.map((g) => (
          <section class="table-wrap" tabindex={0} aria-labelledby={`caption-${g.id}`}>
            <table>
              <caption id={`caption-${g.id}`}>
                {fill(t.levelsCaption, { group: localized(p.lang, g.title) })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t.criterion}</th>
                  <th scope="col">{t.level}</th>
                  <th scope="col">{t.evidence}</th>
                </tr>
              </thead>
              <tbody>
                {g.criteria.map((c) => {
                  const s = e.scores[c.id];
                  if (!s) return null;
                  const level = c.levels[s.level];
                  return (
                    <tr data-criterion-id={c.id} data-level={String(s.level)}>
                      <th scope="row">{localized(p.lang, c.title)}</th>
                      <td>
                        {`${s.level} — ${level ? level[p.lang] : ''}`}
                        {s.justification ? (
                          <p>
                            <strong>{t.justification}</strong> {s.justification}
                          </p>
                        ) : null}
                      </td>
                      <td>
                        {s.evidence.length === 0 ? (
                          t.noEvidence
                        ) : (
                          <ul>
                            {s.evidence.map((ev) => (
                              <li>
                                {ev.kind === 'link' ? (
                                  <a href={ev.value} rel="noopener noreferrer">
                                    {ev.label ?? ev.value}
                                  </a>
                                ) : ev.kind === 'document' ? (
                                  <>
                                    {ev.label ?? ''} <code>{ev.value.slice(0, 16)}…</code>
                                  </>
                                ) : (
                                  ev.value
                                )}
                              </li>
                            ))}
                          </ul>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>
        ))}
      </section>

      {props.dispute ? (
        <section aria-labelledby="dispute-shown-title">
          <h2 id="dispute-shown-title">{t.disputeTitleShown}</h2>
          <dl class="facts">
            {props.dispute.criteria.map((c) => {
              const answer = props.dispute?.answer?.find((a) => a.criterion === c.criterion);
              return (
                <>
                  <dt>{criterionTitle.get(c.criterion) ?? c.criterion}</dt>
                  <dd>
                    <p>{c.comment}</p>
                    <p>
                      <strong>{t.disputeAnswer}</strong> {answer ? answer.comment : t.noAnswer}
                    </p>
                  </dd>
                </>
              );
            })}
          </dl>
        </section>
      ) : null}

      {e.state === 'submitted' && props.canAct && props.signer ? (
        <>
          <section aria-labelledby="countersign-title">
            <h2 id="countersign-title">{t.countersignTitle}</h2>
            <p>{t.countersignIntro}</p>
            <p>
              <a class="button" href={href(p, `/audit/evaluations/${e.id}/countersign`)}>
                {t.countersignLink}
              </a>
            </p>
          </section>
          <section aria-labelledby="dispute-title">
            <h2 id="dispute-title">{t.disputeTitle}</h2>
            <p>{t.disputeIntro}</p>
            <form method="post" action={href(p, `/audit/evaluations/${e.id}`)} novalidate data-signing>
              <CsrfField p={p} />
              {props.rows.map((row, i) => (
                <fieldset class="dispute-row">
                  <legend>{fill(t.disputeRow, { n: i + 1 })}</legend>
                  <SelectField
                    pointer={`/criteria/${i}/criterion`}
                    label={t.disputeCriterion}
                    value={row.criterion}
                    empty={t.chooseCriterion}
                    choices={criteriaChoices}
                    errors={messagesAt(props.violations, `/criteria/${i}/criterion`)}
                  />
                  <TextArea
                    pointer={`/criteria/${i}/comment`}
                    label={t.disputeComment}
                    value={row.comment}
                    rows={3}
                    errors={messagesAt(props.violations, `/criteria/${i}/comment`)}
                  />
                </fieldset>
              ))}
              <SigningFields
                p={p}
                kind="dispute"
                evaluation={e.id}
                signer={props.signer}
                documentUrl={`${href(p, `/audit/evaluations/${e.id}/signing-document`)}?kind=dispute`}
                button={t.disputeButton}
                violations={props.violations}
              />
            </form>
          </section>
        </>
      ) : e.state === 'submitted' ? (
        <p>{t.notYours}</p>
      ) : null}
    </>
  );
}

export function CountersignPage(props: {
  p: PageContext;
  evaluation: EvaluationView;
  deskName: string;
  signer: Signer | undefined;
  violations: Violation[];
}) {
  const { p, evaluation: e } = props;
  const t = messages[p.lang];
  return (
    <>
      <ErrorSummary p={p} violations={props.violations} fields={['', SIGNATURE]} />
      <h1>{fill(t.confirmTitle, { desk: props.deskName })}</h1>
      <p class="lead">
        {fill(t.confirmText, {
          from: formatCalendarDate(p.lang, e.period.from),
          to: formatCalendarDate(p.lang, e.period.to),
          overall: formatNumber(p.lang, e.sheet.overall),
        })}
      </p>
      {e.state === 'submitted' && props.signer ? (
        <form method="post" action={href(p, `/audit/evaluations/${e.id}/countersign`)} data-signing>
          <CsrfField p={p} />
          <SigningFields
            p={p}
            kind="countersignature"
            evaluation={e.id}
            signer={props.signer}
            documentUrl={`${href(p, `/audit/evaluations/${e.id}/signing-document`)}?kind=countersignature`}
            button={t.confirmButton}
            violations={props.violations}
          />
        </form>
      ) : e.state === 'submitted' ? (
        <p>{t.notYours}</p>
      ) : (
        <p class="notice notice-warn">{`${t.notSubmitted} (${stateText(t, e.state)})`}</p>
      )}
      <p>
        <a href={href(p, `/audit/evaluations/${e.id}`)}>{t.cancel}</a>
      </p>
    </>
  );
}

export interface LogFilters {
  desk: string;
  action: string;
  from: string;
  to: string;
}

export interface ShownEntry {
  entry: ChainedAuditEntry;
  proof: { leafIndex: number; treeSize: number; auditPath: string[] } | null;
}

export function LogPage(props: {
  p: PageContext;
  desks: { id: string; name: string }[];
  filters: LogFilters;
  violations: Violation[];
  head: CheckpointView | undefined;
  entries: ShownEntry[];
  deskNames: Map<string, string>;
  next: string | null;
  first: boolean;
  keys: { keys: JWK[] };
  baseUrl: string;
}) {
  const { p, filters, head } = props;
  const t = messages[p.lang];
  // One desk's entries, unfiltered otherwise, follow the desk's own sequence: the browser checks it.
  const oneDesk = Boolean(filters.desk && !filters.action && !filters.from && !filters.to);
  const query = (extra: Record<string, string>) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...filters, ...extra })) if (v) q.set(k, v);
    const s = q.toString();
    return `${href(p, '/audit/log')}${s ? `?${s}` : ''}`;
  };
  return (
    <>
      <ErrorSummary p={p} violations={props.violations} fields={['/desk', '/action', '/from', '/to']} />
      <h1>{t.logTitle}</h1>
      <p class="lead">{t.logIntro}</p>
      <form method="get" action={href(p, '/audit/log')} class="filters" novalidate>
        <fieldset>
          <legend>{t.filters}</legend>
          <SelectField
            pointer="/desk"
            label={t.filterDesk}
            value={filters.desk}
            empty={t.allDesks}
            choices={props.desks.map((d) => ({ value: d.id, label: d.name }))}
            errors={messagesAt(props.violations, '/desk')}
          />
          <TextField
            pointer="/action"
            label={t.filterAction}
            hint={t.filterActionHint}
            value={filters.action}
            errors={messagesAt(props.violations, '/action')}
          />
          <TextField
            pointer="/from"
            label={t.filterFrom}
            hint={t.dateHint}
            value={filters.from}
            inputmode="numeric"
            errors={messagesAt(props.violations, '/from')}
          />
          <TextField
            pointer="/to"
            label={t.filterTo}
            hint={t.dateHint}
            value={filters.to}
            inputmode="numeric"
            errors={messagesAt(props.violations, '/to')}
          />
          <button type="submit">{t.filterButton}</button>
        </fieldset>
      </form>

      <section aria-labelledby="head-title">
        <h2 id="head-title">{t.headTitle}</h2>
        {head ? (
          <>
            <p>
              {fill(t.headFacts, {
                size: formatNumber(p.lang, head.treeSize),
                date: formatDateTime(p.lang, head.timestamp),
                root: head.rootHash.slice(0, 16),
              })}
            </p>
            <p id="tree-head-status" class="verify-status verify-pending" role="status" aria-live="polite">
              {t.headNotChecked}
            </p>
            <noscript>
              <p class="notice notice-warn">{t.logNoScript}</p>
            </noscript>
          </>
        ) : (
          <p>{t.noHead}</p>
        )}
        <CliBlock
          id="log-cli"
          title={t.cliTitle}
          intro={t.logCliIntro}
          code={logCli(props.baseUrl, filters.desk || undefined)}
        />
      </section>

      <section aria-labelledby="entries-title">
        <h2 id="entries-title">{t.entriesCaption}</h2>
        <p id="inclusion-summary" role="status" aria-live="polite" />
        {head && oneDesk && props.entries.length > 0 ? (
          <p id="desk-sequence-status" class="verify-status verify-pending" role="status" aria-live="polite">
            {t.sequenceNotChecked}
          </p>
        ) : null}
        {props.entries.length === 0 ? (
          <p>{t.noEntries}</p>
        ) : (
          <section class="table-wrap" tabindex={0} aria-labelledby="caption-entries">
            <table>
              <caption id="caption-entries">{t.entriesCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.seq}</th>
                  <th scope="col">{t.at}</th>
                  <th scope="col">{t.action}</th>
                  <th scope="col">{t.desk}</th>
                  <th scope="col">{t.subject}</th>
                  <th scope="col">{t.inclusion}</th>
                </tr>
              </thead>
              <tbody>
                {props.entries.map(({ entry, proof }) => {
                  const deskId = typeof entry.payload.deskId === 'string' ? entry.payload.deskId : '';
                  return (
                    <tr data-entry-id={entry.id} data-action={entry.action}>
                      <th scope="row">{String(entry.seq)}</th>
                      <td>{formatDateTime(p.lang, entry.at)}</td>
                      <td>
                        <code>{entry.action}</code>
                      </td>
                      <td>{props.deskNames.get(deskId) ?? ''}</td>
                      <td>
                        {entry.subjectType} <code class="identifier">{entry.subjectId}</code>
                      </td>
                      <td id={`inclusion-${entry.id}`} class="verify-pending">
                        {proof ? t.inclusionNotChecked : t.notInHead}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>
        )}
        <p class="pager">
          {props.first ? null : <a href={query({ cursor: '' })}>{t.firstPage}</a>}{' '}
          {props.next ? <a href={query({ cursor: props.next })}>{t.nextPage}</a> : null}
        </p>
      </section>
      {head ? (
        <>
          <VerifyData
            data={{
              kind: 'log',
              head: head.signature,
              keys: props.keys,
              entries: props.entries,
              deskSequence: oneDesk ? { fromStart: props.first } : null,
              messages: scriptMessages(t),
            }}
          />
          <VerifyScript p={p} />
        </>
      ) : null}
    </>
  );
}
