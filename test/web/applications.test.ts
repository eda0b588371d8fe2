// Research teams' applications in the console: start from a dataset, the form's errors and live match,
// autosave, submission, the deadline and timeline, changes requested, withdrawal, and who may see what.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays, workingDaysBetween } from '../../src/domain/working-days';
import { type DemoIds, handClock, seededDesk } from '../access-fixtures';
import type { TestDesk } from '../harness';
import { ConsoleClient, DESK_ORIGIN, type Page, textOf } from './console-client';

const clock = handClock('2026-03-02T09:00:00Z');
let desk: TestDesk;
let ids: DemoIds;

beforeAll(async () => {
  ({ desk, ids } = await seededDesk(clock));
});
afterAll(() => desk?.close());

async function as(subject: string, lang: 'fr' | 'en' = 'fr') {
  const client = new ConsoleClient(desk);
  await client.signIn(subject, lang);
  return client;
}

async function api(path: string, who: string, init: { method?: string; json?: unknown } = {}) {
  const res = await desk.request(path, { token: await desk.token(who), ...init });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A complete application form, as a browser posts it (fields named by the API's JSON pointers). */
function filled(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    '/application/title/fr': 'Séroprévalence et COVID long',
    '/application/title/en': 'Seroprevalence and long COVID',
    '/application/summary/fr': 'Étude rétrospective de la cohorte.',
    '/application/summary/en': '',
    '/application/purpose/permission': 'HMB',
    '/application/purpose/disease': '',
    '/application/purpose/commercial': 'no',
    '/application/purpose/notForProfit': 'yes',
    '/application/purpose/processingRegion': 'FR-IDF',
    '/application/purpose/durationMonths': '12',
    '/application/legalBasis/article6': 'e',
    '/application/legalBasis/article9': 'j',
    '/application/ethicsReference': 'CESREES-2026-118',
    '/application/processingEnvironment': 'Bulle sécurisée HDS du CESP',
    _action: 'save',
    ...overrides,
  };
}

const versionOf = (page: Page) => /name="_version" value="(\d*)"/.exec(page.html)?.[1] ?? '';
const idOf = (location: string | null) => /\/applications\/([0-9a-f-]{36})/.exec(location ?? '')?.[1] ?? '';

/** Starts a new application from a dataset through the pages; returns its id. */
async function start(
  client: ConsoleClient,
  datasetId: string,
  overrides: Record<string, string | string[]> = {},
): Promise<string> {
  await client.get(`/fr/applications/new?dataset=${datasetId}&fresh=1`);
  const created = await client.post(`/fr/applications/new?dataset=${datasetId}`, {
    ...filled(overrides),
    '/datasetIds': datasetId,
  });
  expect(created.status, textOf(created.html)).toBe(303);
  return idOf(created.location);
}

const decodeHtml = (v: string) =>
  v
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The fields of the page's application form as a browser would post them (buttons and token aside). */
function formFields(html: string): Record<string, string | string[]> {
  const form = /<form method="post"[^>]*data-autosave[\s\S]*?<\/form>/.exec(html)?.[0] ?? '';
  const fields: Record<string, string[]> = {};
  const add = (name: string, value: string) => {
    if (name === '_csrf') return;
    fields[name] = [...(fields[name] ?? []), decodeHtml(value)];
  };
  for (const m of form.matchAll(/<input ([^>]*)>/g)) {
    const attrs = m[1]!;
    const type = /type="([^"]*)"/.exec(attrs)?.[1] ?? 'text';
    const name = /name="([^"]*)"/.exec(attrs)?.[1];
    const value = /value="([^"]*)"/.exec(attrs)?.[1] ?? '';
    if (!name) continue;
    if ((type === 'checkbox' || type === 'radio') && !/checked/.test(attrs)) continue;
    add(name, value);
  }
  for (const m of form.matchAll(/<textarea [^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/textarea>/g))
    add(m[1]!, m[2]!);
  for (const m of form.matchAll(/<select [^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const selected = /<option value="([^"]*)" selected/.exec(m[2]!);
    add(m[1]!, selected?.[1] ?? '');
  }
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.length === 1 ? v[0]! : v]));
}

/** The edit page's fields as they stand, to post back with changes. */
async function editFields(
  client: ConsoleClient,
  id: string,
  overrides: Record<string, string | string[]> = {},
) {
  const page = await client.get(`/fr/applications/${id}/edit`);
  expect(page.status).toBe(200);
  const fields: Record<string, string | string[]> = {
    ...formFields(page.html),
    _action: 'save',
    ...overrides,
  };
  return { ...fields, _version: String(fields._version ?? '') };
}

async function requestCount(): Promise<number> {
  const list = await api('/v1/access-requests', 'demo-requester-cesp');
  return (list.body.items as unknown[]).length;
}

describe('my applications', () => {
  it('asks a visitor to sign in first', async () => {
    const page = await new ConsoleClient(desk).get('/fr/applications');
    expect(page.status).toBe(303);
    expect(page.location).toBe('/fr/sign-in?next=%2Ffr%2Fapplications');
  });

  it('starts from a dataset, brings errors back at their fields with the values kept, then saves', async () => {
    const client = await as('demo-requester-cesp');
    const covid = ids.dataset('COVID-19');
    const before = await requestCount();
    const form = await client.get(`/fr/applications/new?dataset=${covid}&fresh=1`);
    expect(form.status).toBe(200);
    expect(textOf(form.html)).toContain('Cohorte COVID-19');
    expect(form.html).toContain('data-autosave=');
    expect(form.html).toContain('aria-live="polite"');

    const wrong = await client.post(`/fr/applications/new?dataset=${covid}`, {
      ...filled({
        '/application/purpose/permission': 'DS',
        '/application/purpose/durationMonths': 'douze',
        '/application/title/fr': 'Mon projet à garder',
      }),
      '/datasetIds': covid,
    });
    expect(wrong.status).toBe(400);
    const text = textOf(wrong.html);
    expect(wrong.html).toContain('id="error-summary"');
    expect(wrong.html).toContain('href="#field-application-purpose-disease"');
    expect(text).toContain('la recherche sur une maladie précise (DS) demande une maladie');
    expect(text).toContain('un nombre entier est attendu');
    expect(wrong.html).toContain('value="Mon projet à garder"');
    expect(wrong.html).toContain('value="douze"');
    expect(await requestCount()).toBe(before);

    const fixed = await client.post(`/fr/applications/new?dataset=${covid}`, {
      ...filled({ '/application/purpose/durationMonths': '12' }),
      '/datasetIds': covid,
    });
    expect(fixed.status).toBe(303);
    expect(fixed.location).toMatch(/^\/fr\/applications\/[0-9a-f-]{36}\/edit\?created=1$/);
    expect(await requestCount()).toBe(before + 1);
    const edit = await client.get(fixed.location!);
    expect(textOf(edit.html)).toContain('Brouillon créé.');
    expect(textOf(edit.html)).toContain('compatible');
    expect(edit.html).toContain('value="Séroprévalence et COVID long"');
  });

  it('offers to add a dataset to a draft of its desk, and says why drafts of other desks cannot take it', async () => {
    const client = await as('demo-requester-cesp');
    const id = await start(client, ids.dataset('COVID-19'), { '/application/title/fr': 'Panier Pasteur' });
    const meningo = ids.dataset('meningococcal');
    const choice = await client.get(`/fr/applications/new?dataset=${meningo}`);
    expect(textOf(choice.html)).toContain('Ajouter à « Panier Pasteur »');
    const added = await client.post(`/fr/applications/new?dataset=${meningo}`, { _into: id });
    expect(added.status).toBe(303);
    expect(added.location).toBe(`/fr/applications/${id}/edit?added=1`);
    const edit = await client.get(added.location!);
    expect(edit.html).toContain(`name="/datasetIds" value="${meningo}"`);
    expect(textOf(edit.html)).toContain('Jeu de données ajouté à la demande.');
    // The select of datasets to add offers only the same desk's.
    const addSelect = /<select id="field_add"[\s\S]*?<\/select>/.exec(edit.html)?.[0] ?? '';
    expect(addSelect).toContain(ids.dataset('hearing loss'));
    expect(addSelect).not.toContain(ids.dataset('type 2 diabetes'));

    const foch = await client.get(`/fr/applications/new?dataset=${ids.dataset('type 2 diabetes')}`);
    const fochText = textOf(foch.html);
    expect(fochText).toContain('ne peuvent pas recevoir ce jeu de données');
    expect(fochText).toContain('Panier Pasteur');
    expect(fochText).not.toContain('Ajouter à « Panier Pasteur »');
    // Forced through the form anyway, the service refuses and the page says why.
    const forced = await client.post(`/fr/applications/${id}/edit`, {
      ...(await editFields(client, id)),
      _action: 'add',
      _add: ids.dataset('type 2 diabetes'),
    });
    expect(forced.status).toBe(400);
    expect(textOf(forced.html)).toContain(
      'ce jeu de données n’est pas proposé par le guichet de cette demande',
    );
  });

  it('removes a dataset from the basket and searches the desk’s datasets', async () => {
    const client = await as('demo-requester-cesp');
    const covid = ids.dataset('COVID-19');
    const meningo = ids.dataset('meningococcal');
    const id = await start(client, covid);
    const fields = await editFields(client, id, { '/datasetIds': [covid, meningo] });
    expect((await client.post(`/fr/applications/${id}/edit`, fields)).status).toBe(303);
    const removed = await client.post(`/fr/applications/${id}/edit`, {
      ...(await editFields(client, id)),
      _remove: covid,
    });
    expect(removed.location).toBe(`/fr/applications/${id}/edit?removed=1`);
    const view = await api(`/v1/access-requests/${id}`, 'demo-requester-cesp');
    expect((view.body.datasets as { datasetId: string }[]).map((d) => d.datasetId)).toEqual([meningo]);

    const search = await client.post(`/fr/applications/${id}/edit`, {
      ...(await editFields(client, id)),
      _action: 'search',
      _q: 'surdité',
    });
    expect(search.status).toBe(200);
    const addSelect = /<select id="field_add"[\s\S]*?<\/select>/.exec(search.html)?.[0] ?? '';
    expect(addSelect).toContain(ids.dataset('hearing loss'));
    expect(addSelect).not.toContain(covid);
  });

  it('answers the autosave with the live match per dataset, in the page’s language, and the new version', async () => {
    const client = await as('demo-requester-cesp');
    const covid = ids.dataset('COVID-19');
    const id = await start(client, covid);
    const fields = await editFields(client, id, {
      '/application/purpose/commercial': 'yes',
      _autosave: '1',
    });
    const saved = await client.request(`/fr/applications/${id}/edit`, {
      method: 'POST',
      headers: { origin: DESK_ORIGIN, accept: 'application/json' },
      body: new URLSearchParams(
        Object.entries({ ...fields, _csrf: client.csrf() }).flatMap(([k, v]) =>
          [v].flat().map((x) => [k, x]),
        ),
      ),
    });
    expect(saved.status).toBe(200);
    expect(saved.headers.get('content-type')).toContain('application/json');
    const answer = JSON.parse(saved.html) as {
      message: string;
      match: Record<string, string>;
      fields: Record<string, string>;
    };
    expect(answer.message).toContain('Brouillon enregistré automatiquement');
    expect(textOf(answer.match[`match-${covid}`]!)).toContain('incompatible');
    expect(textOf(answer.match[`match-${covid}`]!)).toContain('NCU : usage commercial déclaré');
    expect(Number(answer.fields._version)).toBe(Number(fields._version) + 1);
    const stored = await api(`/v1/access-requests/${id}`, 'demo-requester-cesp');
    expect((stored.body.datasets as { match: { result: string } }[])[0]!.match.result).toBe('no_match');

    // In English, the domain's reason reads as the domain wrote it; an invalid form still gets the match,
    // and nothing is written.
    const en = await as('demo-requester-cesp', 'en');
    await en.get(`/en/applications/${id}/edit`);
    const invalid = await en.request(`/en/applications/${id}/edit`, {
      method: 'POST',
      headers: { origin: DESK_ORIGIN, accept: 'application/json' },
      body: new URLSearchParams({
        ...filled({
          '/application/title/fr': '',
          '/application/title/en': '',
          '/application/purpose/permission': 'POA',
        }),
        '/datasetIds': covid,
        _version: answer.fields._version!,
        _autosave: '1',
        _csrf: en.csrf(),
      }),
    });
    expect(invalid.status).toBe(400);
    const bad = JSON.parse(invalid.html) as { message: string; match: Record<string, string> };
    expect(bad.message).toContain('Not saved: 1 thing to fix');
    expect(textOf(bad.match[`match-${covid}`]!)).toContain('needs review by the committee');
    const unchanged = await api(`/v1/access-requests/${id}`, 'demo-requester-cesp');
    expect(unchanged.body.version).toBe(Number(answer.fields._version));
  });

  it('keeps the typed values and says so when the application changed meanwhile', async () => {
    const client = await as('demo-requester-cesp');
    const id = await start(client, ids.dataset('COVID-19'));
    const stale = await editFields(client, id);
    expect((await client.post(`/fr/applications/${id}/edit`, { ...stale })).status).toBe(303);
    await client.get(`/fr/applications/${id}/edit`);
    const again = await client.post(`/fr/applications/${id}/edit`, {
      ...stale,
      '/application/title/fr': 'Titre tapé ailleurs',
    });
    expect(again.status).toBe(412);
    expect(textOf(again.html)).toContain('a été enregistrée ailleurs entre-temps');
    expect(again.html).toContain('value="Titre tapé ailleurs"');
    expect(Number(versionOf(again))).toBe(Number(stale._version) + 1);
  });

  it('submits, then shows the state, the deadline in working days and the timeline', async () => {
    const client = await as('demo-requester-cesp');
    const id = await start(client, ids.dataset('COVID-19'), { '/application/title/fr': 'Demande envoyée' });
    const submitted = await client.post(`/fr/applications/${id}/submit`, await editFields(client, id));
    expect(submitted.status).toBe(303);
    expect(submitted.location).toBe(`/fr/applications/${id}?submitted=1`);
    const page = await client.get(submitted.location!);
    const text = textOf(page.html);
    expect(text).toContain('Demande envoyée au guichet.');
    expect(text).toContain('envoyée, en attente des rapporteurs');
    expect(text).toContain('Institut Pasteur');
    const deadline = addWorkingDays('2026-03-02', 30);
    expect(deadline).toBe('2026-04-14');
    expect(text).toContain('décision attendue le 14 avril 2026');
    expect(text).toContain('30 jours ouvrés restants');
    expect(text).toContain('Brouillon créé');
    expect(text).toContain('Demande envoyée au guichet');
    expect(page.html.match(/<h1/g)).toHaveLength(1);
    const en = textOf((await client.get(`/en/applications/${id}`)).html);
    expect(en).toContain('sent, waiting for the reviewers');
    expect(en).toContain('decision due on 14 April 2026 — 30 working days left');
    expect(en).toContain('Application sent to the desk');

    const list = textOf((await client.get('/fr/applications')).html);
    expect(list).toContain('Demande envoyée');
    expect(list).toContain('30 jours ouvrés restants');

    // Past the deadline, the list and the page say it in words.
    clock.set('2026-04-20T09:00:00Z');
    try {
      // (The session of seven weeks ago has long expired: sign in again.)
      const later = await as('demo-requester-cesp');
      const late = textOf((await later.get('/fr/applications')).html);
      expect(late).toContain(
        `EN RETARD : en retard de ${workingDaysBetween(deadline, '2026-04-20')} jours ouvrés`,
      );
    } finally {
      clock.set('2026-03-02T09:00:00Z');
    }
  });

  it('shows the submission’s violations on the edit page', async () => {
    const client = await as('demo-requester-cesp');
    const id = await start(client, ids.dataset('COVID-19'), { '/application/purpose/durationMonths': '48' });
    await client.get(`/fr/applications/${id}`);
    const refused = await client.post(`/fr/applications/${id}/submit`, {});
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('href="#field-application-purpose-durationMonths"');
    expect(textOf(refused.html)).toContain('ce guichet accorde un accès de 36 mois au plus');
    const view = await api(`/v1/access-requests/${id}`, 'demo-requester-cesp');
    expect(view.body.state).toBe('draft');
  });

  it('shows the changes the desk asked for, and sends the edited application back', async () => {
    const client = await as('demo-requester-cesp');
    const id = await start(client, ids.dataset('COVID-19'), { '/application/ethicsReference': '' });
    await client.get(`/fr/applications/${id}`);
    expect((await client.post(`/fr/applications/${id}/submit`, {})).status).toBe(303);
    const asked = await api(`/v1/access-requests/${id}/request-changes`, 'demo-desk-admin-pasteur', {
      method: 'POST',
      json: { reason: 'Merci de joindre la référence de l’avis du CESREES.' },
    });
    expect(asked.status).toBe(200);

    const page = await client.get(`/fr/applications/${id}`);
    const text = textOf(page.html);
    expect(text).toContain('modifications demandées');
    expect(text).toContain('Merci de joindre la référence de l’avis du CESREES.');
    expect(text).toContain('délai suspendu');
    expect(page.html).toContain(`href="/fr/applications/${id}/edit"`);
    // The desk answers as one body: the admin who asked is not named to the team.
    expect(text).not.toContain('demo-desk-admin-pasteur');

    const edit = await client.get(`/fr/applications/${id}/edit`);
    expect(textOf(edit.html)).toContain('Le guichet a demandé des modifications');
    expect(textOf(edit.html)).toContain('Renvoyer la demande');
    const resubmitted = await client.post(
      `/fr/applications/${id}/submit`,
      await editFields(client, id, { '/application/ethicsReference': 'CESREES-2026-204' }),
    );
    expect(resubmitted.location).toBe(`/fr/applications/${id}?resubmitted=1`);
    const after = textOf((await client.get(resubmitted.location!)).html);
    expect(after).toContain('en cours d’examen');
    expect(after).toContain('Demande renvoyée après modifications');
    const view = await api(`/v1/access-requests/${id}`, 'demo-requester-cesp');
    expect((view.body.application as { ethicsReference: string }).ethicsReference).toBe('CESREES-2026-204');
  });

  it('withdraws after a confirmation page, with the reason in the timeline', async () => {
    const client = await as('demo-requester-cesp');
    const id = await start(client, ids.dataset('COVID-19'));
    const confirm = await client.get(`/fr/applications/${id}/withdraw`);
    expect(confirm.status).toBe(200);
    expect(textOf(confirm.html)).toContain('Oui, retirer la demande');
    expect((await api(`/v1/access-requests/${id}`, 'demo-requester-cesp')).body.state).toBe('draft');
    const done = await client.post(`/fr/applications/${id}/withdraw`, {
      '/reason': 'Financement non obtenu.',
    });
    expect(done.status).toBe(303);
    const page = textOf((await client.get(done.location!)).html);
    expect(page).toContain('Demande retirée.');
    expect(page).toContain('Motif : Financement non obtenu.');
    expect((await api(`/v1/access-requests/${id}`, 'demo-requester-cesp')).body.state).toBe('withdrawn');
    // Withdrawn is final: the form sends to the page, and a second confirmation says it cannot be done.
    const edit = await client.get(`/fr/applications/${id}/edit`);
    expect(edit.status).toBe(303);
    expect(edit.location).toBe(`/fr/applications/${id}`);
    await client.get(`/fr/applications/${id}/withdraw`);
    const twice = await client.post(`/fr/applications/${id}/withdraw`, {});
    expect(twice.status).toBe(409);
  });

  it('words the reasons the desk writes itself (a decision by quorum) in the page’s language', async () => {
    const client = await as('demo-requester-cesp');
    const id = await start(client, ids.dataset('COVID-19'));
    expect(
      (await api(`/v1/access-requests/${id}/submit`, 'demo-requester-cesp', { method: 'POST' })).status,
    ).toBe(200);
    for (const reviewer of ['demo-reviewer-pasteur', 'demo-reviewer2-pasteur']) {
      const vote = await api(`/v1/access-requests/${id}/votes`, reviewer, {
        method: 'POST',
        json: { choice: 'approve', rationale: 'Protocole solide.' },
      });
      expect(vote.status).toBe(200);
    }
    const fr = textOf((await client.get(`/fr/applications/${id}`)).html);
    expect(fr).toContain('Demande accordée');
    expect(fr).toContain('Motif : quorum atteint selon la politique du guichet');
    expect(fr).not.toContain('quorum reached');
    const en = textOf((await client.get(`/en/applications/${id}`)).html);
    expect(en).toContain('Reason: quorum reached under the desk’s policy');
  });

  it('shows another team’s application to nobody outside it: a not-found page', async () => {
    const client = await as('demo-requester-cesp');
    const id = await start(client, ids.dataset('COVID-19'));
    for (const outsider of ['demo-researcher-cesp', 'demo-reviewer-foch']) {
      const other = await as(outsider);
      for (const path of [`/fr/applications/${id}`, `/fr/applications/${id}/edit`]) {
        const page = await other.get(path);
        expect(page.status).toBe(404);
        expect(textOf(page.html)).toContain('Page introuvable');
      }
    }
  });

  it('lets a team member read the application but not edit it', async () => {
    const client = await as('demo-requester-cesp');
    const id = await start(client, ids.dataset('COVID-19'), { '/team': 'demo-researcher-cesp' });
    const member = await as('demo-researcher-cesp');
    expect((await member.get(`/fr/applications/${id}`)).status).toBe(200);
    expect((await member.get(`/fr/applications/${id}/edit`)).status).toBe(403);
  });

  it('answers a malformed identifier with the not-found page', async () => {
    const client = await as('demo-requester-cesp');
    for (const path of [
      '/fr/applications/abc-123',
      '/fr/applications/abc-123/edit',
      '/fr/applications/new?dataset=42',
    ]) {
      const page = await client.get(path);
      expect(page.status, path).toBe(404);
      expect(textOf(page.html)).toContain('Page introuvable');
    }
  });

  it('makes "save" the button Enter presses, before any "remove" button', async () => {
    const client = await as('demo-requester-cesp');
    const id = await start(client, ids.dataset('COVID-19'));
    const page = await client.get(`/fr/applications/${id}/edit`);
    const form = /<form method="post"[^>]*data-autosave[\s\S]*?<\/form>/.exec(page.html)?.[0] ?? '';
    const firstButton = /<button type="submit"[^>]*>/.exec(form)?.[0] ?? '';
    expect(firstButton).toContain('value="save"');
    expect(form.indexOf('name="_remove"')).toBeGreaterThan(form.indexOf(firstButton));
  });

  it('changes nothing on a post without the CSRF token or from another origin', async () => {
    const client = await as('demo-requester-cesp');
    const id = await start(client, ids.dataset('COVID-19'));
    const fields = await editFields(client, id, { '/application/title/fr': 'Forgé' });
    const before = await api(`/v1/access-requests/${id}`, 'demo-requester-cesp');
    expect((await client.post(`/fr/applications/${id}/edit`, fields, { csrf: null })).status).toBe(403);
    await client.get(`/fr/applications/${id}/edit`);
    expect(
      (await client.post(`/fr/applications/${id}/edit`, fields, { origin: 'https://evil.example' })).status,
    ).toBe(403);
    await client.get(`/fr/applications/${id}/edit`);
    expect((await client.post(`/fr/applications/${id}/submit`, {}, { csrf: null })).status).toBe(403);
    await client.get(`/fr/applications/${id}/withdraw`);
    expect((await client.post(`/fr/applications/${id}/withdraw`, {}, { csrf: null })).status).toBe(403);
    const after = await api(`/v1/access-requests/${id}`, 'demo-requester-cesp');
    expect(after.body.version).toBe(before.body.version);
    expect(after.body.state).toBe('draft');
  });
});
