// The desk admins' console: their desks, each desk's settings (policy, deadline, contact point, reviewers,
// auditors) changed through forms that post back, the figures of a period as tables and a CSV file; and that
// nobody changes a desk they do not run, nor anything without the form's token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskFigures } from '../../src/services/desk-metrics';
import { type DemoIds, draftApplication, handClock, seededDesk } from '../access-fixtures';
import type { TestDesk } from '../harness';
import { ConsoleClient, textOf } from './console-client';

const clock = handClock('2026-03-02T09:00:00Z');
let desk: TestDesk;
let ids: DemoIds;
let pasteurDesk: string;

beforeAll(async () => {
  ({ desk, ids } = await seededDesk(clock));
  pasteurDesk = ids.desks.get('guichet-pasteur')!;
});
afterAll(() => desk?.close());

async function signedIn(subject = 'demo-desk-admin-pasteur', lang: 'fr' | 'en' = 'fr') {
  const client = new ConsoleClient(desk);
  await client.signIn(subject, lang);
  return client;
}

async function deskJson() {
  return (await (await desk.request(`/v1/desks/${pasteurDesk}`)).json()) as {
    policy: string;
    decisionDeadlineDays: number;
    contactEmail: string | null;
    version: number;
  };
}

const settingsPath = (lang = 'fr') => `/${lang}/my/desks/${pasteurDesk}/settings`;

describe('desk admin console: list and navigation', () => {
  it('shows the desk admin their desks, and the entry only to desk admins', async () => {
    const admin = await signedIn();
    const list = await admin.get('/fr/my/desks');
    expect(list.status).toBe(200);
    expect(list.html).toContain('href="/fr/my/desks" aria-current="page"');
    const text = textOf(list.html);
    expect(text).toContain('Mon guichet');
    expect(text).toContain('Guichet');
    expect(list.html).toContain(`/fr/my/desks/${pasteurDesk}/settings`);
    expect(list.html).not.toContain(`/fr/my/desks/${ids.desks.get('guichet-foch')}/settings`);
    const en = await admin.get('/en/my/desks');
    expect(textOf(en.html)).toContain('My desk');

    const reviewer = await signedIn('demo-reviewer-pasteur');
    const home = await reviewer.get('/fr/my/desks');
    expect(home.html).not.toContain('href="/fr/my/desks"');
    expect(textOf(home.html)).toContain('Vous n’administrez aucun guichet.');
    const anonymous = new ConsoleClient(desk);
    expect((await anonymous.get('/fr/my/desks')).status).toBe(303);
  });
});

describe('desk admin console: settings', () => {
  it('changes the policy, deadline and contact point, then shows them (PRG)', async () => {
    const admin = await signedIn();
    const page = await admin.get(settingsPath());
    expect(page.status).toBe(200);
    const text = textOf(page.html);
    // Each policy in words, as applicants read it.
    expect(text).toContain('Le responsable du guichet prend la décision finale au vu des votes.');
    expect(text).toContain('La décision découle des votes, sans autre intervention.');
    const before = await deskJson();
    const saved = await admin.post(settingsPath(), {
      '/version': String(before.version),
      '/policy': 'strict-sensitive',
      '/decisionDeadlineDays': '45',
      '/contactEmail': 'guichet@pasteur.example',
    });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe(`${settingsPath()}?done=saved`);
    const after = await deskJson();
    expect(after).toMatchObject({
      policy: 'strict-sensitive',
      decisionDeadlineDays: 45,
      contactEmail: 'guichet@pasteur.example',
      version: before.version + 1,
    });
    const shown = await admin.get(saved.location!);
    expect(textOf(shown.html)).toContain(`Réglages enregistrés (version ${after.version}).`);
    expect(shown.html).toMatch(/value="strict-sensitive" checked/);
    expect(shown.html).toContain('value="45"');
    // Back to the default, the contact point emptied.
    const back = await admin.post(settingsPath(), {
      '/version': String(after.version),
      '/policy': 'default',
      '/decisionDeadlineDays': '30',
      '/contactEmail': '',
    });
    expect(back.status).toBe(303);
    expect(await deskJson()).toMatchObject({
      policy: 'default',
      decisionDeadlineDays: 30,
      contactEmail: null,
    });
  });

  it('keeps the values and shows each error at its field', async () => {
    const admin = await signedIn();
    const before = await deskJson();
    await admin.get(settingsPath());
    const failed = await admin.post(settingsPath(), {
      '/version': String(before.version),
      '/policy': 'no-such-policy',
      '/decisionDeadlineDays': 'trente',
      '/contactEmail': 'pas une adresse',
    });
    expect(failed.status).toBe(400);
    expect(failed.html).toContain('class="error-summary"');
    expect(failed.html).toContain('href="#field-decisionDeadlineDays"');
    expect(failed.html).toContain('href="#field-contactEmail"');
    expect(failed.html).toContain('value="trente"');
    expect(failed.html).toContain('value="pas une adresse"');
    expect(failed.html).toMatch(
      /id="field-decisionDeadlineDays-error">Saisissez un nombre entier de jours ouvrés, de 1 à 365</,
    );
    expect(failed.html).toMatch(/id="field-policy-error">Choisissez une des politiques proposées</);
    expect(await deskJson()).toEqual(before);
  });

  it('says when the desk changed meanwhile (412) and shows it as it is now', async () => {
    const admin = await signedIn();
    const before = await deskJson();
    await admin.get(settingsPath());
    const stale = await admin.post(settingsPath(), {
      '/version': String(before.version - 1 || 999),
      '/policy': 'default',
      '/decisionDeadlineDays': '20',
      '/contactEmail': '',
    });
    expect(stale.status).toBe(412);
    expect(textOf(stale.html)).toContain('Le guichet a été modifié entre-temps');
    expect((await deskJson()).decisionDeadlineDays).toBe(before.decisionDeadlineDays);
  });

  it('adds and removes a reviewer, after a confirmation, which decides who may vote', async () => {
    const admin = await signedIn('demo-desk-admin-pasteur', 'en');
    const page = await admin.get(settingsPath('en'));
    expect(textOf(page.html)).toContain('demo-reviewer2-pasteur');
    const app = await draftApplication(desk, ids, { submit: true });
    const vote = async () =>
      (
        await desk.request(`/v1/access-requests/${app}/votes`, {
          method: 'POST',
          token: await desk.token('demo-editor-pasteur'),
          json: { choice: 'abstain', rationale: 'Not my field.' },
        })
      ).status;
    expect(await vote()).toBe(404);

    const unknown = await admin.post(`/en/my/desks/${pasteurDesk}/reviewers`, {
      '/subject': 'nobody-at-all',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.html).toContain('value="nobody-at-all"');
    expect(unknown.html).toMatch(
      /id="field-subject-error">Nobody has signed in to the desk with this identifier</,
    );

    const added = await admin.post(`/en/my/desks/${pasteurDesk}/reviewers`, {
      '/subject': 'demo-editor-pasteur',
    });
    expect(added.status).toBe(303);
    const shown = await admin.get(added.location!);
    expect(textOf(shown.html)).toContain('Reviewer added.');
    const removeLink = /href="(\/en\/my\/desks\/[^"]+\/reviewers\/([0-9a-f-]{36})\/remove)"/.exec(
      shown.html.slice(shown.html.indexOf('demo-editor-pasteur') - 600),
    );
    expect(removeLink).not.toBeNull();
    expect(await vote()).toBeLessThan(300);
    const again = await admin.post(`/en/my/desks/${pasteurDesk}/reviewers`, {
      '/subject': 'demo-editor-pasteur',
    });
    expect(again.status).toBe(409);
    expect(again.html).toContain('This person is already a reviewer');

    const confirm = await admin.get(removeLink![1]!);
    expect(confirm.status).toBe(200);
    expect(textOf(confirm.html)).toContain('from the reviewers?');
    const removed = await admin.post(removeLink![1]!, {});
    expect(removed.status).toBe(303);
    expect(textOf((await admin.get(removed.location!)).html)).toContain('Reviewer removed.');
    expect(await vote()).toBe(404);
  });

  it('appoints a partner organisation as auditor and removes it after a confirmation', async () => {
    const admin = await signedIn();
    const page = await admin.get(settingsPath());
    expect(textOf(page.html)).toContain('Audit Numérique Santé');
    const evalsante = ids.orgs.get('evalsante')!;
    expect(page.html).toContain(`<option value="${evalsante}">`);
    const empty = await admin.post(`/fr/my/desks/${pasteurDesk}/auditors`, { '/organizationId': '' });
    expect(empty.status).toBe(400);
    expect(empty.html).toMatch(/id="field-organizationId-error">Choisissez une organisation partenaire</);
    const appointed = await admin.post(`/fr/my/desks/${pasteurDesk}/auditors`, {
      '/organizationId': evalsante,
    });
    expect(appointed.status).toBe(303);
    const auditors = async () =>
      (
        (await (await desk.request(`/v1/desks/${pasteurDesk}/auditors`)).json()) as {
          items: { slug: string }[];
        }
      ).items.map((a) => a.slug);
    expect(await auditors()).toContain('evalsante');
    const removePath = `/fr/my/desks/${pasteurDesk}/auditors/${evalsante}/remove`;
    await admin.get(appointed.location!);
    expect(admin.last!.html).toContain(`href="${removePath}"`);
    const confirm = await admin.get(removePath);
    expect(textOf(confirm.html)).toContain('Retirer ÉvalSanté Partenaires des auditeurs ?');
    const removed = await admin.post(removePath, {});
    expect(removed.status).toBe(303);
    expect(await auditors()).not.toContain('evalsante');
  });

  it('lets no other desk’s admin see or change the desk, nor anyone post without the token', async () => {
    const foch = await signedIn('demo-desk-admin-foch');
    for (const path of [
      settingsPath(),
      `/fr/my/desks/${pasteurDesk}/figures`,
      `/fr/my/desks/${pasteurDesk}/figures.csv`,
    ]) {
      expect((await foch.get(path)).status, path).toBe(404);
    }
    await foch.get('/fr/my/desks');
    const before = await deskJson();
    const post = await foch.post(settingsPath(), {
      '/version': String(before.version),
      '/policy': 'strict-sensitive',
      '/decisionDeadlineDays': '10',
      '/contactEmail': '',
    });
    expect(post.status).toBe(404);
    const reviewer = await foch.post(`/fr/my/desks/${pasteurDesk}/reviewers`, {
      '/subject': 'demo-reviewer-foch',
    });
    expect(reviewer.status).toBe(404);
    expect(await deskJson()).toEqual(before);

    const admin = await signedIn();
    await admin.get(settingsPath());
    const forged = await admin.post(
      settingsPath(),
      { '/version': String(before.version), '/policy': 'strict-sensitive', '/decisionDeadlineDays': '10' },
      { csrf: null },
    );
    expect(forged.status).toBe(403);
    const elsewhere = await admin.post(
      settingsPath(),
      { '/version': String(before.version), '/policy': 'strict-sensitive', '/decisionDeadlineDays': '10' },
      { origin: 'https://evil.example' },
    );
    expect(elsewhere.status).toBe(403);
    expect(await deskJson()).toEqual(before);
  });
});

describe('desk admin console: figures', () => {
  async function applyAndDecide(submitOn: string, decideOn: string, outcome: 'approved' | 'rejected') {
    clock.set(`${submitOn}T09:00:00Z`);
    const id = await draftApplication(desk, ids, { submit: true });
    const admin = await desk.token('demo-desk-admin-pasteur');
    await desk.request(`/v1/access-requests/${id}/start-review`, { method: 'POST', token: admin });
    clock.set(`${decideOn}T09:00:00Z`);
    const decided = await desk.request(`/v1/access-requests/${id}/decision`, {
      method: 'POST',
      token: admin,
      json: { outcome, rationale: 'decided' },
    });
    expect(decided.status).toBe(200);
    return id;
  }

  const rowsOf = (html: string, tableId: string) => {
    const table = new RegExp(`<table id="${tableId}">([\\s\\S]*?)</table>`).exec(html)?.[1] ?? '';
    return [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)]
      .slice(1)
      .map((r) => [...r[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => textOf(c[1]!)));
  };

  it('draws the period as charts with tables equal to the desk metrics, and exports one row per decision', async () => {
    await applyAndDecide('2026-04-01', '2026-04-08', 'approved'); // 5 working days
    await applyAndDecide('2026-04-01', '2026-04-15', 'rejected'); // 10
    await applyAndDecide('2026-04-01', '2026-06-15', 'approved'); // past the deadline
    clock.set('2026-07-01T09:00:00Z');
    const figures = await deskFigures(desk.services, pasteurDesk, '2026-04-01', '2026-07-01');
    if (!figures.ok) throw figures.problem;
    const f = figures.value;
    expect(f.metrics.decisions).toBe(3);

    const admin = await signedIn('demo-desk-admin-pasteur', 'en');
    const page = await admin.get(`/en/my/desks/${pasteurDesk}/figures?from=2026-04-01&to=2026-07-01`);
    expect(page.status).toBe(200);
    expect(page.html).not.toMatch(/\sstyle="/);
    for (const id of ['chart-days', 'chart-months', 'chart-approval']) {
      expect(page.html).toMatch(
        new RegExp(`<svg[^>]*role="img"[^>]*aria-label="[^"]+"[^>]*id="${id}"><title`),
      );
    }
    expect(page.html).toContain('class="chart-marker"');
    const summary = Object.fromEntries(rowsOf(page.html, 'figures-summary').map(([k, v]) => [k, v]));
    expect(summary.Decisions).toBe(String(f.metrics.decisions));
    expect(summary['Applications submitted']).toBe(String(f.metrics.applicationsSubmitted));
    expect(summary['Median time to decision']).toBe(`${f.metrics.medianWorkingDaysToDecision} working days`);
    expect(summary['Approval rate']).toBe(`${Math.round(f.metrics.approvalRate! * 100)}%`);
    expect(summary['Share of decisions within the deadline']).toBe(
      `${Math.round(f.metrics.shareDecidedWithinDeadline! * 100)}%`,
    );
    expect(rowsOf(page.html, 'figures-months')).toEqual([
      ['April 2026', '1', '1', '2'],
      ['May 2026', '0', '0', '0'],
      ['June 2026', '1', '0', '1'],
    ]);
    const days = rowsOf(page.html, 'figures-days');
    expect(days.map((r) => Number(r[1])).reduce((a, b) => a + b, 0)).toBe(f.metrics.decisions);
    expect(days.map((r) => r[1])).toEqual(f.workingDaysHistogram.bins.map((b) => String(b.count)));
    expect(rowsOf(page.html, 'figures-approval')).toEqual([
      ['April 2026', '2', '50%'],
      ['May 2026', '0', 'not applicable'],
      ['June 2026', '1', '100%'],
    ]);

    const csv = await admin.get(`/en/my/desks/${pasteurDesk}/figures.csv?from=2026-04-01&to=2026-07-01`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toMatch(
      /^attachment; filename="guichet-pasteur-decisions-2026-04-01-2026-07-01\.csv"$/,
    );
    const lines = csv.html.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'request_id,submitted_at,decided_at,month,outcome,working_days_to_decision,deadline,within_deadline',
    );
    expect(lines.slice(1).map((l) => l.split(',').slice(3))).toEqual(
      f.decisionRecords.map((r) => [
        r.month,
        r.outcome,
        String(r.workingDaysToDecision),
        r.deadline,
        String(r.withinDeadline),
      ]),
    );
    expect(lines.slice(1).map((l) => l.split(',')[4])).toEqual(['approved', 'rejected', 'approved']);
  });

  it('shows a wrong period at its fields', async () => {
    const admin = await signedIn();
    const page = await admin.get(`/fr/my/desks/${pasteurDesk}/figures?from=2026-07-01&to=2026-04-01`);
    expect(page.status).toBe(400);
    expect(page.html).toContain('href="#field-from"');
    expect(page.html).toContain('value="2026-07-01"');
    const bad = await admin.get(`/fr/my/desks/${pasteurDesk}/figures?from=hier&to=2026-04-01`);
    expect(bad.status).toBe(400);
    expect(bad.html).toMatch(/id="field-from-error">Saisissez une date/);
    const defaults = await admin.get(`/fr/my/desks/${pasteurDesk}/figures`);
    expect(defaults.status).toBe(200);
    expect(defaults.html).toContain('id="figures-summary"');
  });
});
