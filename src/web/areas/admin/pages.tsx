// The platform administration's pages: organisations, one organisation (members, webhooks and their delivery
// logs), the signing keys, and the confirmation pages of what cannot be undone.
import type { OrganizationKind, Role } from '../../../services/deps';
import type { MembershipView, OrganizationView } from '../../../services/organizations';
import type { KeyPeriod } from '../../../services/signing-keys';
import type { DeliveryView, WebhookView } from '../../../services/webhooks';
import type { Violation } from '../../../validation/violation';
import { href, type PageContext } from '../../context';
import { CsrfField, ErrorSummary, messagesAt, SelectField, TextField } from '../../forms';
import { fill, formatDateTime, type Lang } from '../../i18n';
import { Layout } from '../../layout';
import { messages } from './messages';

type T = (typeof messages)[Lang];

export const adminPath = (p: PageContext, path: string): string => href(p, `/admin${path}`);

export function kindLabel(t: T, kind: OrganizationKind): string {
  return {
    provider: t.kindProvider,
    desk_operator: t.kindDeskOperator,
    research: t.kindResearch,
    partner: t.kindPartner,
  }[kind];
}

export function roleLabel(t: T, role: Role): string {
  return {
    editor: t.roleEditor,
    requester: t.roleRequester,
    reviewer: t.roleReviewer,
    desk_admin: t.roleDeskAdmin,
    evaluator: t.roleEvaluator,
    auditor: t.roleAuditor,
  }[role];
}

function Notice(props: { text: string | undefined }) {
  return props.text ? (
    <p class="notice notice-ok" role="status">
      {props.text}
    </p>
  ) : null;
}

export interface OrganizationForm {
  slug: string;
  name: string;
  kind: string;
  homepage: string;
}

export function OrganizationsPage(props: {
  p: PageContext;
  organizations: OrganizationView[];
  kinds: readonly OrganizationKind[];
  form: OrganizationForm;
  violations: Violation[];
}) {
  const { p, form, violations } = props;
  const t = messages[p.lang];
  return (
    <Layout
      p={p}
      title={violations.length ? `${p.t.errorSummaryTitle} – ${t.organizationsTitle}` : t.organizationsTitle}
    >
      <ErrorSummary p={p} violations={violations} fields={['/slug', '/name', '/kind', '/homepage']} />
      <h1>{t.organizationsTitle}</h1>
      <p class="lead">{t.organizationsIntro}</p>
      <p class="actions">
        <a class="button secondary" href={adminPath(p, '/keys')}>
          {messages[p.lang].keysTitle}
        </a>{' '}
        <a class="button secondary" href={adminPath(p, '/harvest')}>
          {messages[p.lang].harvestTitle}
        </a>
      </p>
      {props.organizations.length === 0 ? (
        <p>{t.noOrganizations}</p>
      ) : (
        <section class="table-wrap" tabindex={0} aria-labelledby="organizations-caption">
          <table>
            <caption id="organizations-caption">
              {fill(t.organizationsCaption, { count: props.organizations.length })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t.colName}</th>
                <th scope="col">{t.colSlug}</th>
                <th scope="col">{t.colKind}</th>
                <th scope="col">{t.colHomepage}</th>
              </tr>
            </thead>
            <tbody>
              {props.organizations.map((o) => (
                <tr>
                  <th scope="row">
                    <a href={adminPath(p, `/organizations/${o.id}`)}>{o.name}</a>
                  </th>
                  <td>
                    <code>{o.slug}</code>
                  </td>
                  <td>{kindLabel(t, o.kind)}</td>
                  <td>{o.homepage ? <span class="admin-url">{o.homepage}</span> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <h2 id="create-title">{t.createTitle}</h2>
      <form method="post" action={adminPath(p, '/organizations')} aria-labelledby="create-title" novalidate>
        <CsrfField p={p} />
        <TextField
          pointer="/name"
          label={t.nameLabel}
          value={form.name}
          required
          errors={messagesAt(violations, '/name')}
        />
        <TextField
          pointer="/slug"
          label={t.slugLabel}
          hint={t.slugHint}
          value={form.slug}
          required
          errors={messagesAt(violations, '/slug')}
        />
        <SelectField
          pointer="/kind"
          label={t.kindLabel}
          value={form.kind}
          required
          choices={props.kinds.map((k) => ({ value: k, label: kindLabel(t, k) }))}
          errors={messagesAt(violations, '/kind')}
        />
        <TextField
          pointer="/homepage"
          label={t.homepageLabel}
          hint={t.homepageHint}
          type="url"
          inputmode="url"
          value={form.homepage}
          errors={messagesAt(violations, '/homepage')}
        />
        <p class="actions">
          <button type="submit">{t.createButton}</button>
        </p>
      </form>
    </Layout>
  );
}

export interface WebhookWithLog {
  webhook: WebhookView;
  deliveries: DeliveryView[];
}

export interface OrganizationPageProps {
  p: PageContext;
  organization: OrganizationView;
  members: MembershipView[];
  roles: readonly Role[];
  webhooks: WebhookWithLog[];
  invite: { subject: string; role: string };
  webhookForm: { url: string; events: string };
  violations: Violation[];
  notice?: string | undefined;
  secret?: { url: string; secret: string } | undefined;
}

function statusLabel(t: T, status: string): string {
  return status === 'delivered' ? t.statusDelivered : status === 'failed' ? t.statusFailed : t.statusPending;
}

function DeliveryLog(props: { p: PageContext; item: WebhookWithLog; index: number }) {
  const { p, item, index } = props;
  const t = messages[p.lang];
  if (item.deliveries.length === 0) return <p>{t.noDeliveries}</p>;
  const caption = `deliveries-caption-${index}`;
  return (
    <section class="table-wrap" tabindex={0} aria-labelledby={caption}>
      <table>
        <caption id={caption}>{fill(t.deliveriesCaption, { url: item.webhook.url })}</caption>
        <thead>
          <tr>
            <th scope="col">{t.colTime}</th>
            <th scope="col">{t.colEvent}</th>
            <th scope="col">{t.colStatus}</th>
            <th scope="col">{t.colAttempts}</th>
            <th scope="col">{t.colLastAnswer}</th>
          </tr>
        </thead>
        <tbody>
          {item.deliveries.map((d) => (
            <tr>
              <td>{formatDateTime(p.lang, d.createdAt)}</td>
              <td>
                <code>{d.eventType}</code>
              </td>
              <td>
                {statusLabel(t, d.status)}
                {d.nextAttemptAt
                  ? ` (${fill(t.nextAttempt, { time: formatDateTime(p.lang, d.nextAttemptAt) })})`
                  : ''}
              </td>
              <td>{d.attempts}</td>
              <td>{d.lastStatusCode !== null ? `HTTP ${d.lastStatusCode}` : (d.lastError ?? '—')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export const rolePointer = (membershipId: string): string => `/members/${membershipId}/role`;

export function OrganizationPage(props: OrganizationPageProps) {
  const { p, organization: o, violations } = props;
  const t = messages[p.lang];
  const base = `/organizations/${o.id}`;
  const roleChoices = props.roles.map((r) => ({ value: r, label: roleLabel(t, r) }));
  const fields = ['/subject', '/role', '/url', '/eventTypes', ...props.members.map((m) => rolePointer(m.id))];
  return (
    <Layout p={p} title={violations.length ? `${p.t.errorSummaryTitle} – ${o.name}` : o.name}>
      <p>
        <a href={adminPath(p, '/organizations')}>{t.backToOrganizations}</a>
      </p>
      <ErrorSummary p={p} violations={violations} fields={fields} />
      <Notice text={props.notice} />
      <h1>{o.name}</h1>
      <dl class="facts">
        <dt>{t.colKind}</dt>
        <dd>{kindLabel(t, o.kind)}</dd>
        <dt>{t.colSlug}</dt>
        <dd>
          <code>{o.slug}</code>
        </dd>
        <dt>{t.colHomepage}</dt>
        <dd>{o.homepage ? <span class="admin-url">{o.homepage}</span> : '—'}</dd>
      </dl>

      <h2 id="members-title">{t.membersTitle}</h2>
      {props.members.length === 0 ? (
        <p>{t.noMembers}</p>
      ) : (
        <section class="table-wrap" tabindex={0} aria-labelledby="members-caption">
          <table>
            <caption id="members-caption">
              {fill(t.membersCaption, { name: o.name, count: props.members.length })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t.colSubject}</th>
                <th scope="col">{t.colDisplayName}</th>
                <th scope="col">{t.colRole}</th>
                <th scope="col">{t.colActions}</th>
              </tr>
            </thead>
            <tbody>
              {props.members.map((m) => (
                <tr>
                  <th scope="row">
                    <code>{m.subject}</code>
                  </th>
                  <td>{m.displayName ?? <span class="muted">{t.unknownName}</span>}</td>
                  <td>{roleLabel(t, m.role)}</td>
                  <td>
                    {roleChoices.length > 1 ? (
                      <form
                        method="post"
                        action={adminPath(p, `${base}/members/${m.id}/role`)}
                        class="admin-role-form"
                      >
                        <CsrfField p={p} />
                        <SelectField
                          pointer={rolePointer(m.id)}
                          label={fill(t.newRoleLabel, { subject: m.subject })}
                          value={m.role}
                          choices={roleChoices}
                          errors={messagesAt(violations, rolePointer(m.id))}
                        />
                        <button type="submit" class="secondary">
                          {t.changeRoleButton}
                        </button>
                      </form>
                    ) : null}
                    <a href={adminPath(p, `${base}/members/${m.id}/remove`)}>
                      {fill(t.removeLink, { subject: m.subject, role: roleLabel(t, m.role) })}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <h3 id="invite-title">{t.inviteTitle}</h3>
      <p>{t.inviteIntro}</p>
      <form method="post" action={adminPath(p, `${base}/members`)} aria-labelledby="invite-title" novalidate>
        <CsrfField p={p} />
        <TextField
          pointer="/subject"
          label={t.subjectLabel}
          value={props.invite.subject}
          required
          errors={messagesAt(violations, '/subject')}
        />
        <SelectField
          pointer="/role"
          label={t.roleLabel}
          value={props.invite.role}
          required
          choices={roleChoices}
          errors={messagesAt(violations, '/role')}
        />
        <p class="actions">
          <button type="submit">{t.inviteButton}</button>
        </p>
      </form>

      <h2 id="webhooks-title">{t.webhooksTitle}</h2>
      <p>{t.webhooksIntro}</p>
      {props.secret ? (
        <section class="notice notice-warn" aria-labelledby="secret-title">
          <h3 id="secret-title">{t.secretTitle}</h3>
          <p>{t.secretText}</p>
          <p>
            <code class="admin-secret">{props.secret.secret}</code>
          </p>
        </section>
      ) : null}
      {props.webhooks.length === 0 ? <p>{t.noWebhooks}</p> : null}
      {props.webhooks.map((item, i) => {
        const w = item.webhook;
        return (
          <section class="admin-webhook" aria-labelledby={`webhook-title-${i}`}>
            <h3 id={`webhook-title-${i}`} class="admin-url">
              {fill(t.webhookHeading, { url: w.url })}
            </h3>
            <dl class="facts">
              <dt>{t.colEvents}</dt>
              <dd>{w.eventTypes.length ? w.eventTypes.map((e) => <code>{e} </code>) : t.allEvents}</dd>
              <dt>{t.webhookState}</dt>
              <dd>{w.active ? t.webhookActive : t.webhookStopped}</dd>
            </dl>
            {w.active ? (
              <div class="actions">
                <form method="post" action={adminPath(p, `${base}/webhooks/${w.id}/test`)} class="inline">
                  <CsrfField p={p} />
                  <button type="submit" class="secondary">
                    {fill(t.sendTest, { url: w.url })}
                  </button>
                </form>
                <a href={adminPath(p, `${base}/webhooks/${w.id}/delete`)}>
                  {fill(t.deleteWebhookLink, { url: w.url })}
                </a>
              </div>
            ) : null}
            <DeliveryLog p={p} item={item} index={i} />
          </section>
        );
      })}
      <h3 id="webhook-create-title">{t.createWebhookTitle}</h3>
      <form
        method="post"
        action={adminPath(p, `${base}/webhooks`)}
        aria-labelledby="webhook-create-title"
        novalidate
      >
        <CsrfField p={p} />
        <TextField
          pointer="/url"
          label={t.urlLabel}
          hint={t.urlHint}
          type="url"
          inputmode="url"
          value={props.webhookForm.url}
          required
          errors={messagesAt(violations, '/url')}
        />
        <TextField
          pointer="/eventTypes"
          label={t.eventsLabel}
          hint={t.eventsHint}
          value={props.webhookForm.events}
          errors={messagesAt(violations, '/eventTypes', true)}
        />
        <p class="actions">
          <button type="submit">{t.createWebhookButton}</button>
        </p>
      </form>
    </Layout>
  );
}

/** A page asking to confirm what cannot be undone: a title, what happens, the button, and a way back. */
export function ConfirmPage(props: {
  p: PageContext;
  title: string;
  text: string;
  action: string;
  button: string;
  back: string;
  danger?: boolean;
}) {
  const { p } = props;
  return (
    <Layout p={p} title={props.title}>
      <h1>{props.title}</h1>
      <p>{props.text}</p>
      <form method="post" action={props.action}>
        <CsrfField p={p} />
        <p class="actions">
          <button type="submit" class={props.danger === false ? undefined : 'danger'}>
            {props.button}
          </button>
          <a href={props.back}>{p.t.cancel}</a>
        </p>
      </form>
    </Layout>
  );
}

export function KeysPage(props: {
  p: PageContext;
  periods: KeyPeriod[];
  algorithms: Map<string, string>;
  notice?: string | undefined;
}) {
  const { p } = props;
  const t = messages[p.lang];
  return (
    <Layout p={p} title={t.keysTitle}>
      <p>
        <a href={adminPath(p, '/organizations')}>{t.backToOrganizations}</a>
      </p>
      <Notice text={props.notice} />
      <h1>{t.keysTitle}</h1>
      <p class="lead">{t.keysIntro}</p>
      {props.periods.length === 0 ? (
        <p>{t.noKeys}</p>
      ) : (
        <section class="table-wrap" tabindex={0} aria-labelledby="keys-caption">
          <table>
            <caption id="keys-caption">{fill(t.keysCaption, { count: props.periods.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t.colKid}</th>
                <th scope="col">{t.colAlgorithm}</th>
                <th scope="col">{t.colActiveFrom}</th>
                <th scope="col">{t.colRetired}</th>
                <th scope="col">{t.colPublishedUntil}</th>
              </tr>
            </thead>
            <tbody>
              {props.periods.map((k) => (
                <tr>
                  <th scope="row">
                    <code>{k.kid}</code>
                  </th>
                  <td>{props.algorithms.get(k.kid) ?? '—'}</td>
                  <td>{formatDateTime(p.lang, k.from)}</td>
                  <td>{k.until ? formatDateTime(p.lang, k.until) : <strong>{t.keyActive}</strong>}</td>
                  <td>{k.publishedUntil ? formatDateTime(p.lang, k.publishedUntil) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <p class="actions">
        <a class="button" href={adminPath(p, '/keys/rotate')}>
          {t.rotateLink}
        </a>
      </p>
    </Layout>
  );
}
