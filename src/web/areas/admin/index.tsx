// Platform administration: organisations and their members, their webhooks with the delivery logs and a test
// event, the desk's signing keys with their rotation, and the remote catalogues it harvests. Every page is for
// platform admins; the services check it again for every change.
import type { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { open, seal } from '../../../crypto/key-encryption';
import { Problem } from '../../../domain/problem';
import { unwrap } from '../../../http/respond';
import {
  ORGANIZATION_KINDS,
  type OrganizationKind,
  type Principal,
  ROLES,
  type Role,
} from '../../../services/deps';
import { createHarvestSource, listHarvestSources } from '../../../services/harvest-sources';
import { runHarvest } from '../../../services/harvester';
import {
  addMember,
  changeMemberRole,
  createOrganization,
  getOrganization,
  listMembers,
  listOrganizations,
  ROLES_BY_KIND,
  removeMember,
} from '../../../services/organizations';
import { keyHistory, retiredKeyPublicationHours, rotateSigningKeysAs } from '../../../services/signing-keys';
import {
  createSubscription,
  deleteSubscription,
  listDeliveries,
  listSubscriptions,
  sendTestEvent,
} from '../../../services/webhooks';
import type { Violation } from '../../../validation/violation';
import type { ConsoleArea } from '../../console';
import { ID, LANG, pageContext, type WebContext, type WebEnv } from '../../context';
import { fill, type Lang } from '../../i18n';
import { HarvestPage, type HarvestSourceForm } from './harvest-page';
import { messages } from './messages';
import {
  adminPath,
  ConfirmPage,
  KeysPage,
  type OrganizationForm,
  OrganizationPage,
  type OrganizationPageProps,
  OrganizationsPage,
  roleLabel,
  rolePointer,
} from './pages';

const MEMBER = ':membershipId{[0-9a-fA-F-]{36}}';
const WEBHOOK = ':webhookId{[0-9a-fA-F-]{36}}';
const SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;
const EVENT_TYPE = /^[a-z_]+\.[a-z_]+$/;

/** Platform admins only: a visitor is sent to sign in, anyone else gets the 403 page. */
function platformAdmin(c: WebContext): Principal {
  const principal = c.get('principal');
  if (!principal) throw new Problem('unauthenticated', 'sign in to administer the desk');
  if (!principal.isPlatformAdmin) throw new Problem('forbidden', 'platform admins only');
  return principal;
}

async function formOf(c: WebContext): Promise<Record<string, string>> {
  const body = await c.req.parseBody({ all: true });
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    const value = Array.isArray(v) ? v[0] : v;
    if (typeof value === 'string') out[k] = value.trim();
  }
  return out;
}

const isUrl = (value: string) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol);

const t = (c: WebContext) => messages[c.get('lang')];

/** The API's messages for the violations a service returns, in the page's words. */
function inWords(lang: Lang, violations: Violation[] | undefined, code: string): Violation[] {
  const m = messages[lang];
  return (violations ?? []).map((v) => {
    if (v.pointer === '/slug' && code === 'conflict') return { ...v, message: m.violationTaken };
    if (v.pointer.endsWith('/role') && code === 'conflict')
      return { ...v, message: m.violationAlreadyMember };
    if (v.pointer.endsWith('/role')) return { ...v, message: m.violationRoleKind };
    if (v.pointer === '/url') return { ...v, message: m.violationHttps };
    return v;
  });
}

// The signing secret of a new subscription crosses the redirect in a sealed, short-lived cookie: never in a
// URL, shown once on the next page and dropped there.
const SECRET_PURPOSE = 'phoenix-console-webhook-secret/v1';
const secretCookie = (c: WebContext) =>
  c.get('console').secureCookies ? '__Host-phoenix_webhook_secret' : 'phoenix_webhook_secret';

async function keepSecret(c: WebContext, webhookId: string, url: string, secret: string) {
  const sealed = await seal(
    c.get('services').keyEncryptionKey,
    JSON.stringify({ webhookId, url, secret }),
    SECRET_PURPOSE,
  );
  setCookie(c, secretCookie(c), sealed, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: c.get('console').secureCookies,
    path: '/',
    maxAge: 300,
  });
}

async function takeSecret(c: WebContext, webhookId: string | undefined) {
  const sealed = getCookie(c, secretCookie(c));
  if (!sealed) return undefined;
  deleteCookie(c, secretCookie(c), { path: '/', secure: c.get('console').secureCookies });
  if (!webhookId) return undefined;
  try {
    const kept = JSON.parse(await open(c.get('services').keyEncryptionKey, sealed, SECRET_PURPOSE)) as {
      webhookId: string;
      url: string;
      secret: string;
    };
    return kept.webhookId === webhookId ? { url: kept.url, secret: kept.secret } : undefined;
  } catch {
    return undefined;
  }
}

const ORGANIZATION_NOTICES = {
  created: 'created',
  invited: 'invited',
  roleChanged: 'roleChanged',
  removed: 'removed',
  webhook: 'webhookCreated',
  tested: 'tested',
  webhookDeleted: 'webhookDeleted',
} as const;

async function organizationPage(
  c: WebContext,
  principal: Principal,
  status: number,
  extra: Partial<OrganizationPageProps> = {},
) {
  const p = pageContext(c);
  const deps = c.get('services');
  const id = c.req.param('id')!;
  const organization = unwrap(await getOrganization(deps, id));
  const members = unwrap(await listMembers(deps, principal, id));
  const subscriptions = unwrap(await listSubscriptions(deps, principal, id));
  const webhooks = await Promise.all(
    subscriptions.map(async (webhook) => ({
      webhook,
      deliveries: unwrap(await listDeliveries(deps, principal, id, webhook.id)),
    })),
  );
  // Active subscriptions first, then the stopped ones with their logs.
  webhooks.sort((a, b) => Number(b.webhook.active) - Number(a.webhook.active));
  const key = (Object.keys(ORGANIZATION_NOTICES) as (keyof typeof ORGANIZATION_NOTICES)[]).find(
    (k) => c.req.query(k) !== undefined,
  );
  const secret = await takeSecret(c, c.req.query('webhook'));
  return c.html(
    <OrganizationPage
      p={p}
      organization={organization}
      members={members}
      roles={ROLES_BY_KIND[organization.kind]}
      webhooks={webhooks}
      invite={{ subject: '', role: '' }}
      webhookForm={{ url: '', events: '' }}
      violations={[]}
      notice={key ? t(c)[ORGANIZATION_NOTICES[key]] : undefined}
      secret={secret}
      {...extra}
    />,
    status as 200,
  );
}

export function adminArea(): ConsoleArea {
  return {
    mount(web: Hono<WebEnv>) {
      const organizationsPage = async (
        c: WebContext,
        form: OrganizationForm,
        violations: Violation[],
        status: number,
      ) =>
        c.html(
          <OrganizationsPage
            p={pageContext(c)}
            organizations={await listOrganizations(c.get('services'))}
            kinds={ORGANIZATION_KINDS}
            form={form}
            violations={violations}
          />,
          status as 200,
        );

      web.get(`${LANG}/admin`, (c) => {
        platformAdmin(c);
        return c.redirect(adminPath(pageContext(c), '/organizations'), 303);
      });

      web.get(`${LANG}/admin/organizations`, (c) => {
        platformAdmin(c);
        return organizationsPage(c, { slug: '', name: '', kind: '', homepage: '' }, [], 200);
      });

      web.post(`${LANG}/admin/organizations`, async (c) => {
        const principal = platformAdmin(c);
        const m = t(c);
        const body = await formOf(c);
        const form: OrganizationForm = {
          slug: body['/slug'] ?? '',
          name: body['/name'] ?? '',
          kind: body['/kind'] ?? '',
          homepage: body['/homepage'] ?? '',
        };
        const violations: Violation[] = [];
        if (!form.name) violations.push({ pointer: '/name', message: m.violationRequired });
        else if (form.name.length > 200)
          violations.push({ pointer: '/name', message: fill(m.violationTooLong, { max: 200 }) });
        if (!form.slug) violations.push({ pointer: '/slug', message: m.violationRequired });
        else if (!SLUG.test(form.slug)) violations.push({ pointer: '/slug', message: m.violationSlug });
        if (!ORGANIZATION_KINDS.includes(form.kind as OrganizationKind))
          violations.push({ pointer: '/kind', message: m.violationChoice });
        if (form.homepage && (!isUrl(form.homepage) || form.homepage.length > 2048))
          violations.push({ pointer: '/homepage', message: m.violationUrl });
        if (violations.length) return organizationsPage(c, form, violations, 400);
        const created = await createOrganization(c.get('services'), principal, {
          slug: form.slug,
          name: form.name,
          kind: form.kind as OrganizationKind,
          homepage: form.homepage || undefined,
        });
        if (!created.ok) {
          const { problem } = created;
          if (!problem.violations?.length) throw problem;
          return organizationsPage(
            c,
            form,
            inWords(c.get('lang'), problem.violations, problem.code),
            problem.status,
          );
        }
        return c.redirect(adminPath(pageContext(c), `/organizations/${created.value.id}?created`), 303);
      });

      const org = `${LANG}/admin/organizations/${ID}`;

      web.get(org, (c) => organizationPage(c, platformAdmin(c), 200));

      web.post(`${org}/members`, async (c) => {
        const principal = platformAdmin(c);
        const m = t(c);
        const body = await formOf(c);
        const invite = { subject: body['/subject'] ?? '', role: body['/role'] ?? '' };
        const violations: Violation[] = [];
        if (!invite.subject) violations.push({ pointer: '/subject', message: m.violationRequired });
        else if (invite.subject.length > 255)
          violations.push({ pointer: '/subject', message: fill(m.violationTooLong, { max: 255 }) });
        if (!ROLES.includes(invite.role as Role))
          violations.push({ pointer: '/role', message: m.violationChoice });
        if (violations.length) return organizationPage(c, principal, 400, { invite, violations });
        const added = await addMember(c.get('services'), principal, c.req.param('id'), {
          issuer: principal.issuer,
          subject: invite.subject,
          role: invite.role as Role,
        });
        if (!added.ok) {
          const { problem } = added;
          if (problem.code === 'conflict')
            return organizationPage(c, principal, 409, {
              invite,
              violations: [{ pointer: '/role', message: m.violationAlreadyMember }],
            });
          if (!problem.violations?.length) throw problem;
          return organizationPage(c, principal, problem.status, {
            invite,
            violations: inWords(c.get('lang'), problem.violations, problem.code),
          });
        }
        return c.redirect(adminPath(pageContext(c), `/organizations/${c.req.param('id')}?invited`), 303);
      });

      web.post(`${org}/members/${MEMBER}/role`, async (c) => {
        const principal = platformAdmin(c);
        const m = t(c);
        const membershipId = c.req.param('membershipId');
        const pointer = rolePointer(membershipId);
        const role = (await formOf(c))[pointer] ?? '';
        if (!ROLES.includes(role as Role))
          return organizationPage(c, principal, 400, {
            violations: [{ pointer, message: m.violationChoice }],
          });
        const changed = await changeMemberRole(
          c.get('services'),
          principal,
          c.req.param('id'),
          membershipId,
          role as Role,
        );
        if (!changed.ok) {
          const { problem } = changed;
          const message =
            problem.code === 'conflict'
              ? m.violationAlreadyMember
              : problem.code === 'not_found'
                ? m.violationGone
                : problem.code === 'validation_failed'
                  ? m.violationRoleKind
                  : undefined;
          if (!message) throw problem;
          return organizationPage(c, principal, problem.status, { violations: [{ pointer, message }] });
        }
        return c.redirect(adminPath(pageContext(c), `/organizations/${c.req.param('id')}?roleChanged`), 303);
      });

      const removePage = async (c: WebContext) => {
        const principal = platformAdmin(c);
        const p = pageContext(c);
        const m = t(c);
        const id = c.req.param('id')!;
        const organization = unwrap(await getOrganization(c.get('services'), id));
        const member = unwrap(await listMembers(c.get('services'), principal, id)).find(
          (x) => x.id === c.req.param('membershipId'),
        );
        if (!member) throw new Problem('not_found', 'no such membership');
        const words = { subject: member.subject, name: organization.name, role: roleLabel(m, member.role) };
        return c.html(
          <ConfirmPage
            p={p}
            title={fill(m.removeTitle, words)}
            text={fill(m.removeText, words)}
            action={adminPath(p, `/organizations/${id}/members/${member.id}/remove`)}
            button={m.removeButton}
            back={adminPath(p, `/organizations/${id}`)}
          />,
        );
      };
      web.get(`${org}/members/${MEMBER}/remove`, removePage);
      web.post(`${org}/members/${MEMBER}/remove`, async (c) => {
        const principal = platformAdmin(c);
        const id = c.req.param('id');
        unwrap(await removeMember(c.get('services'), principal, id, c.req.param('membershipId')));
        return c.redirect(adminPath(pageContext(c), `/organizations/${id}?removed`), 303);
      });

      web.post(`${org}/webhooks`, async (c) => {
        const principal = platformAdmin(c);
        const m = t(c);
        const body = await formOf(c);
        const webhookForm = { url: body['/url'] ?? '', events: body['/eventTypes'] ?? '' };
        const eventTypes = webhookForm.events.split(/[\s,;]+/).filter(Boolean);
        const violations: Violation[] = [];
        if (!webhookForm.url) violations.push({ pointer: '/url', message: m.violationRequired });
        else if (!isUrl(webhookForm.url) || webhookForm.url.length > 2048)
          violations.push({ pointer: '/url', message: m.violationUrl });
        const wrong = eventTypes.filter((e) => !EVENT_TYPE.test(e));
        if (wrong.length || eventTypes.length > 50)
          violations.push({
            pointer: '/eventTypes',
            message: fill(m.violationEventType, { value: wrong.join(', ') || String(eventTypes.length) }),
          });
        if (violations.length) return organizationPage(c, principal, 400, { webhookForm, violations });
        const id = c.req.param('id');
        const created = await createSubscription(c.get('services'), principal, id, {
          url: webhookForm.url,
          eventTypes,
        });
        if (!created.ok) {
          const { problem } = created;
          if (!problem.violations?.length) throw problem;
          return organizationPage(c, principal, problem.status, {
            webhookForm,
            violations: inWords(c.get('lang'), problem.violations, problem.code),
          });
        }
        await keepSecret(c, created.value.id, created.value.url, created.value.secret);
        return c.redirect(adminPath(pageContext(c), `/organizations/${id}?webhook=${created.value.id}`), 303);
      });

      web.post(`${org}/webhooks/${WEBHOOK}/test`, async (c) => {
        const principal = platformAdmin(c);
        const id = c.req.param('id');
        unwrap(await sendTestEvent(c.get('services'), principal, id, c.req.param('webhookId')));
        return c.redirect(adminPath(pageContext(c), `/organizations/${id}?tested`), 303);
      });

      web.get(`${org}/webhooks/${WEBHOOK}/delete`, async (c) => {
        const principal = platformAdmin(c);
        const p = pageContext(c);
        const m = t(c);
        const id = c.req.param('id');
        const webhook = unwrap(await listSubscriptions(c.get('services'), principal, id)).find(
          (w) => w.id === c.req.param('webhookId') && w.active,
        );
        if (!webhook) throw new Problem('not_found', 'no such webhook');
        return c.html(
          <ConfirmPage
            p={p}
            title={fill(m.deleteWebhookTitle, { url: webhook.url })}
            text={fill(m.deleteWebhookText, { url: webhook.url })}
            action={adminPath(p, `/organizations/${id}/webhooks/${webhook.id}/delete`)}
            button={m.deleteWebhookButton}
            back={adminPath(p, `/organizations/${id}`)}
          />,
        );
      });
      web.post(`${org}/webhooks/${WEBHOOK}/delete`, async (c) => {
        const principal = platformAdmin(c);
        const id = c.req.param('id');
        unwrap(await deleteSubscription(c.get('services'), principal, id, c.req.param('webhookId')));
        return c.redirect(adminPath(pageContext(c), `/organizations/${id}?webhookDeleted`), 303);
      });

      const harvestPage = async (
        c: WebContext,
        principal: Principal,
        form: HarvestSourceForm,
        violations: Violation[],
        status: number,
      ) => {
        const deps = c.get('services');
        const m = t(c);
        const notice =
          c.req.query('registered') !== undefined
            ? m.harvestRegistered
            : c.req.query('ran') !== undefined
              ? m.harvestRan
              : undefined;
        return c.html(
          <HarvestPage
            p={pageContext(c)}
            sources={unwrap(await listHarvestSources(deps, principal))}
            providers={(await listOrganizations(deps)).filter((o) => o.kind === 'provider')}
            form={form}
            violations={violations}
            notice={notice}
          />,
          status as 200,
        );
      };

      web.get(`${LANG}/admin/harvest`, (c) =>
        harvestPage(c, platformAdmin(c), { url: '', providerId: '', schedule: 'daily 03:00' }, [], 200),
      );

      web.post(`${LANG}/admin/harvest`, async (c) => {
        const principal = platformAdmin(c);
        const m = t(c);
        const body = await formOf(c);
        const form: HarvestSourceForm = {
          url: body['/url'] ?? '',
          providerId: body['/providerId'] ?? '',
          schedule: body['/schedule'] ?? '',
        };
        const violations: Violation[] = [];
        if (!form.url) violations.push({ pointer: '/url', message: m.violationRequired });
        else if (!isUrl(form.url) || form.url.length > 2048)
          violations.push({ pointer: '/url', message: m.violationUrl });
        if (!form.providerId) violations.push({ pointer: '/providerId', message: m.violationProvider });
        if (violations.length) return harvestPage(c, principal, form, violations, 400);
        const created = await createHarvestSource(c.get('services'), principal, form);
        if (!created.ok) {
          const { problem } = created;
          if (!problem.violations?.length) throw problem;
          const words = problem.violations.map((v) => ({
            ...v,
            message:
              v.pointer === '/schedule'
                ? m.violationSchedule
                : v.pointer === '/url'
                  ? problem.code === 'conflict'
                    ? m.violationRegistered
                    : m.violationUrl
                  : v.pointer === '/providerId'
                    ? m.violationProvider
                    : v.message,
          }));
          return harvestPage(c, principal, form, words, problem.status);
        }
        return c.redirect(`${adminPath(pageContext(c), '/harvest')}?registered`, 303);
      });

      web.post(`${LANG}/admin/harvest/${ID}/run`, async (c) => {
        const principal = platformAdmin(c);
        unwrap(
          await runHarvest(c.get('services'), c.req.param('id')!, {
            trigger: 'manual',
            actorId: principal.userId,
          }),
        );
        return c.redirect(`${adminPath(pageContext(c), '/harvest')}?ran`, 303);
      });

      web.get(`${LANG}/admin/keys`, async (c) => {
        platformAdmin(c);
        const history = await keyHistory(c.get('services'));
        const algorithms = new Map(
          history.keys.map((k) => [String(k.kid), String(k.alg ?? '')] as [string, string]),
        );
        const rotated = c.req.query('rotated');
        return c.html(
          <KeysPage
            p={pageContext(c)}
            periods={history.periods}
            algorithms={algorithms}
            notice={rotated ? fill(t(c).rotated, { kid: rotated }) : undefined}
          />,
        );
      });

      web.get(`${LANG}/admin/keys/rotate`, async (c) => {
        platformAdmin(c);
        const p = pageContext(c);
        const m = t(c);
        const active = (await keyHistory(c.get('services'))).periods.find((k) => k.until === null);
        return c.html(
          <ConfirmPage
            p={p}
            title={m.rotateTitle}
            text={
              active
                ? fill(m.rotateText, { kid: active.kid, hours: retiredKeyPublicationHours() })
                : m.rotateTextNoKey
            }
            action={adminPath(p, '/keys/rotate')}
            button={m.rotateButton}
            back={adminPath(p, '/keys')}
          />,
        );
      });
      web.post(`${LANG}/admin/keys/rotate`, async (c) => {
        const principal = platformAdmin(c);
        const rotated = unwrap(await rotateSigningKeysAs(c.get('services'), principal));
        return c.redirect(
          `${adminPath(pageContext(c), '/keys')}?rotated=${encodeURIComponent(rotated.kid)}`,
          303,
        );
      });
    },
  };
}
