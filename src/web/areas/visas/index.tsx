// "My visas": the caller's current grants as signed GA4GH visas (as GET /v1/me/visas serves them), each one
// to copy or download; and the public verifier (as POST /v1/visas/verify answers).
import type { Hono } from 'hono';
import type { DuoModifier } from '../../../domain/descriptor';
import { Problem } from '../../../domain/problem';
import { getDataset } from '../../../services/datasets';
import type { Principal } from '../../../services/deps';
import { getGrant, myVisas, type VisaVerdict, verifyVisa } from '../../../services/grants';
import { listDesks } from '../../../services/organizations';
import type { Violation } from '../../../validation/violation';
import { type ConsoleArea, ensureSession } from '../../console';
import { href, type PageContext, pageContext, type WebContext, type WebEnv } from '../../context';
import { duoText, modifierText } from '../../duo-labels';
import { CsrfField, ErrorSummary, messagesAt, TextArea } from '../../forms';
import { fill, formatDate, formatDateTime, type Lang, localized } from '../../i18n';
import { Layout } from '../../layout';
import { messages } from './messages';

const MAX_VISA = 16_384;

function signedIn(c: WebContext): Principal {
  const principal = c.get('principal');
  if (!principal) throw new Problem('unauthenticated', 'sign in to see your visas');
  return principal;
}

/** A grant condition (PUB, COL, MOR:2026-06-30…) in words. */
function conditionText(lang: Lang, condition: string): string {
  const [code, until] = condition.split(':');
  if (!code || !Object.hasOwn(duoText[lang], code)) return condition;
  return modifierText(lang, { code, ...(until ? { until } : {}) } as DuoModifier);
}

const fromSeconds = (s: unknown) => (typeof s === 'number' ? new Date(s * 1000) : undefined);

interface ShownVisa {
  grantId: string;
  visa: string;
  exp: number;
  datasetId: string;
  datasetTitle: string;
  startsAt: string;
  endsAt: string;
  conditions: string[];
}

async function visasOf(c: WebContext, principal: Principal): Promise<ShownVisa[]> {
  const deps = c.get('services');
  const lang = c.get('lang');
  const items = await myVisas(deps, { issuer: principal.issuer, subject: principal.subject });
  return Promise.all(
    items.map(async (item) => {
      const grant = await getGrant(deps, principal, item.grantId);
      const datasetId = grant.ok ? grant.value.datasetId : '';
      const dataset = datasetId ? await getDataset(deps, principal, datasetId) : undefined;
      return {
        ...item,
        datasetId,
        datasetTitle: dataset?.ok ? localized(lang, dataset.value.descriptor.title) : datasetId,
        startsAt: grant.ok ? grant.value.startsAt : '',
        endsAt: grant.ok ? grant.value.endsAt : '',
        conditions: grant.ok ? grant.value.conditions : [],
      };
    }),
  );
}

function VisasPage(props: { p: PageContext; visas: ShownVisa[] }) {
  const { p } = props;
  const t = messages[p.lang];
  return (
    <>
      <h1>{t.title}</h1>
      <p class="lead">{t.intro}</p>
      <p>
        <a href={href(p, '/visas/verify')}>{t.verifyLink}</a>
      </p>
      {props.visas.length === 0 ? (
        <p>
          {t.none} <a href={href(p, '/applications')}>{t.seeApplications}</a>
        </p>
      ) : null}
      {props.visas.map((v) => (
        <section class="visa" aria-labelledby={`visa-title-${v.grantId}`}>
          <h2 id={`visa-title-${v.grantId}`}>{v.datasetTitle}</h2>
          <dl class="facts">
            <dt>{t.grants}</dt>
            <dd>
              <a href={href(p, `/datasets/${v.datasetId}`)}>{v.datasetTitle}</a>
            </dd>
            <dt>{t.period}</dt>
            <dd>
              {v.startsAt
                ? fill(t.periodValue, {
                    from: formatDate(p.lang, v.startsAt),
                    until: formatDate(p.lang, v.endsAt),
                  })
                : ''}
            </dd>
            <dt>{t.visaExpires}</dt>
            <dd>{formatDateTime(p.lang, new Date(v.exp * 1000))}</dd>
            <dt>{t.conditions}</dt>
            <dd>
              {v.conditions.length === 0 ? (
                t.noConditions
              ) : (
                <ul>
                  {v.conditions.map((cond) => (
                    <li>{conditionText(p.lang, cond)}</li>
                  ))}
                </ul>
              )}
            </dd>
          </dl>
          <h3 id={`visa-token-${v.grantId}`}>{t.token}</h3>
          <pre id={`visa-${v.grantId}`}>{v.visa}</pre>
          <div class="actions">
            <button
              type="button"
              class="secondary"
              data-copy={`#visa-${v.grantId}`}
              data-copy-status={`visa-copied-${v.grantId}`}
              data-copied={t.copied}
              hidden
            >
              {t.copy}
            </button>
            <span id={`visa-copied-${v.grantId}`} role="status" />
            <a href={href(p, `/visas/${v.grantId}.jwt`)} download={`visa-${v.grantId}.jwt`}>
              {t.download}
            </a>
          </div>
        </section>
      ))}
    </>
  );
}

const REASONS: Record<string, keyof (typeof messages)['fr']> = {
  'not a JWS': 'reasonNotJws',
  'alg must be ES256': 'reasonAlg',
  'kid missing': 'reasonKid',
  'signed by a key this desk does not publish': 'reasonUnknownKey',
  'signature does not verify': 'reasonSignature',
  'claims do not verify': 'reasonClaims',
  expired: 'reasonExpired',
  'not a ControlledAccessGrants visa from a data access committee': 'reasonNotCag',
  'this desk never issued a visa with this jti': 'reasonNeverIssued',
  'visa does not match its grant': 'reasonMismatch',
};
const SIGNATURE_FAILURES = new Set([
  'not a JWS',
  'alg must be ES256',
  'kid missing',
  'signed by a key this desk does not publish',
  'signature does not verify',
]);

function reasonText(lang: Lang, reason: string): string {
  const t = messages[lang];
  if (reason.startsWith('typ must be')) return t.reasonTyp;
  const key = REASONS[reason];
  return key ? t[key] : reason;
}

type Step = { ok: boolean | null; text: string };

/** The verdict as three steps a person can follow: signature, claims, revocation. */
function stepsOf(lang: Lang, verdict: VisaVerdict): [Step, Step, Step] {
  const t = messages[lang];
  const skipped: Step = { ok: null, text: t.notChecked };
  const reason = verdict.reason ?? '';
  if (verdict.valid)
    return [
      { ok: true, text: t.signatureOk },
      { ok: true, text: t.claimsOk },
      { ok: true, text: t.revocationOk },
    ];
  const failed: Step = { ok: false, text: fill(t.failed, { reason: reasonText(lang, reason) }) };
  if (SIGNATURE_FAILURES.has(reason) || reason.startsWith('typ must be')) return [failed, skipped, skipped];
  if (verdict.grant) {
    const text =
      verdict.grant.status === 'revoked' && verdict.grant.revokedAt
        ? fill(t.revokedOn, { date: formatDateTime(lang, verdict.grant.revokedAt) })
        : t.grantExpired;
    return [
      { ok: true, text: t.signatureOk },
      { ok: true, text: t.claimsOk },
      { ok: false, text: fill(t.failed, { reason: text }) },
    ];
  }
  const signature: Step = reason === 'claims do not verify' ? skipped : { ok: true, text: t.signatureOk };
  return [signature, failed, skipped];
}

function VerifyPage(props: {
  p: PageContext;
  token: string;
  violations: Violation[];
  verdict?: VisaVerdict | undefined;
  datasets: Map<string, string>;
  desks: Map<string, string>;
}) {
  const { p, verdict } = props;
  const t = messages[p.lang];
  const claims = verdict?.claims ?? null;
  const visa = (claims?.ga4gh_visa_v1 ?? {}) as { value?: string; source?: string };
  const steps = verdict ? stepsOf(p.lang, verdict) : undefined;
  const labels = [t.checkSignature, t.checkClaims, t.checkRevocation];
  const issued = fromSeconds(claims?.iat);
  const expires = fromSeconds(claims?.exp);
  return (
    <>
      <h1>{t.verifyTitle}</h1>
      <ErrorSummary p={p} violations={props.violations} fields={['/visa']} />
      <p class="lead">{t.verifyIntro}</p>
      {verdict && steps ? (
        <section class="verdict" aria-labelledby="verdict-title" role="status">
          <h2 id="verdict-title">{t.resultTitle}</h2>
          <p class={verdict.valid ? 'notice notice-ok' : 'notice notice-warn'}>
            <strong>{verdict.valid ? t.valid : t.invalid}</strong>
          </p>
          <dl class="facts">
            {steps.map((s, i) => (
              <>
                <dt>{labels[i]}</dt>
                <dd>{`${s.ok === true ? '✓' : s.ok === false ? '✗' : '–'} ${s.text}`}</dd>
              </>
            ))}
            {claims ? (
              <>
                <dt>{t.holder}</dt>
                <dd>{String(claims.sub ?? '')}</dd>
                <dt>{t.dataset}</dt>
                <dd>{props.datasets.get(visa.value ?? '') ?? visa.value ?? ''}</dd>
                <dt>{t.source}</dt>
                <dd>{props.desks.get(visa.source ?? '') ?? visa.source ?? ''}</dd>
                {issued ? (
                  <>
                    <dt>{t.issuedAt}</dt>
                    <dd>{formatDateTime(p.lang, issued)}</dd>
                  </>
                ) : null}
                {expires ? (
                  <>
                    <dt>{t.expiresAt}</dt>
                    <dd>{formatDateTime(p.lang, expires)}</dd>
                  </>
                ) : null}
                <dt>{t.identifier}</dt>
                <dd>
                  <code>{String(claims.jti ?? '')}</code>
                </dd>
              </>
            ) : null}
          </dl>
        </section>
      ) : null}
      <form method="post" action={href(p, '/visas/verify')}>
        <CsrfField p={p} />
        <TextArea
          pointer="/visa"
          label={t.visaLabel}
          hint={t.visaHint}
          rows={8}
          value={props.token}
          errors={messagesAt(props.violations, '/visa')}
        />
        <button type="submit">{t.verifyButton}</button>
      </form>
    </>
  );
}

export function visasArea(): ConsoleArea {
  return {
    mount(web: Hono<WebEnv>) {
      web.get('/:lang{(?:fr|en)}/visas', async (c) => {
        const principal = signedIn(c);
        const p = pageContext(c);
        const visas = await visasOf(c, principal);
        c.header('cache-control', 'no-store');
        return c.html(
          <Layout p={p} title={messages[p.lang].title}>
            <VisasPage p={p} visas={visas} />
          </Layout>,
          200,
        );
      });

      web.get('/:lang{(?:fr|en)}/visas/:file{[0-9a-fA-F-]+\\.jwt}', async (c) => {
        const principal = signedIn(c);
        const grantId = c.req.param('file').replace(/\.jwt$/, '');
        const items = await myVisas(c.get('services'), {
          issuer: principal.issuer,
          subject: principal.subject,
        });
        const found = items.find((v) => v.grantId === grantId);
        if (!found) throw new Problem('not_found', 'no current visa for this grant');
        return c.body(found.visa, 200, {
          'content-type': 'application/jwt',
          'content-disposition': `attachment; filename="visa-${grantId}.jwt"`,
          'cache-control': 'no-store',
        });
      });

      const verifyPage = async (
        c: WebContext,
        token: string,
        violations: Violation[],
        verdict?: VisaVerdict,
      ) => {
        await ensureSession(c);
        const p = pageContext(c);
        const deps = c.get('services');
        const datasets = new Map<string, string>();
        const desks = new Map<string, string>();
        const visa = (verdict?.claims?.ga4gh_visa_v1 ?? {}) as { value?: string; source?: string };
        const base = `${deps.publicBaseUrl}/v1/`;
        if (visa.value?.startsWith(`${base}datasets/`)) {
          const found = await getDataset(
            deps,
            c.get('principal'),
            visa.value.slice(`${base}datasets/`.length),
          );
          if (found.ok) datasets.set(visa.value, localized(p.lang, found.value.descriptor.title));
        }
        if (visa.source?.startsWith(`${base}desks/`)) {
          for (const d of await listDesks(deps)) desks.set(`${base}desks/${d.id}`, d.name);
        }
        c.header('cache-control', 'no-store');
        return c.html(
          <Layout p={p} title={messages[p.lang].verifyTitle}>
            <VerifyPage
              p={p}
              token={token}
              violations={violations}
              verdict={verdict}
              datasets={datasets}
              desks={desks}
            />
          </Layout>,
          (violations.length ? 400 : 200) as 200,
        );
      };

      web.get('/:lang{(?:fr|en)}/visas/verify', (c) => verifyPage(c, '', []));

      // Verifying reads and changes nothing: the answer is the page itself, no redirect (and the token stays
      // out of URLs and logs).
      web.post('/:lang{(?:fr|en)}/visas/verify', async (c) => {
        const t = messages[c.get('lang')];
        const body = await c.req.parseBody();
        const token = typeof body['/visa'] === 'string' ? body['/visa'].trim() : '';
        if (!token) return verifyPage(c, token, [{ pointer: '/visa', message: t.required }]);
        if (token.length > MAX_VISA)
          return verifyPage(c, token.slice(0, MAX_VISA), [{ pointer: '/visa', message: t.tooLong }]);
        return verifyPage(c, token, [], await verifyVisa(c.get('services'), token));
      });
    },
  };
}
