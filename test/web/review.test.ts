// Reviewers and desk admins in the console: the queue by deadline with its filters and overdue count, the
// home page's "to review" panel, votes with their rationale, the Pasteur quorum, changes asked of the team,
// a desk admin's decision with an override on Foch, revocation, and who may see what.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { application, type DemoIds, draftApplication, handClock, seededDesk } from '../access-fixtures';
import type { TestDesk } from '../harness';
import { ConsoleClient, type Page, textOf } from './console-client';

async function as(desk: TestDesk, subject: string, lang: 'fr' | 'en' = 'fr') {
  const client = new ConsoleClient(desk);
  await client.signIn(subject, lang);
  return client;
}

const titled = (title: string) => application({ title: { fr: title, en: `${title} (en)` } });

/** Submits an application to the Foch desk (strict-sensitive policy) as demo-requester-cesp. */
async function fochApplication(desk: TestDesk, ids: DemoIds, title: string): Promise<string> {
  const token = await desk.token('demo-requester-cesp');
  const created = await desk.request('/v1/access-requests', {
    method: 'POST',
    token,
    json: {
      deskId: ids.desks.get('guichet-foch'),
      // A health-research purpose on a dataset restricted to type 2 diabetes: the match is no_match.
      application: titled(title),
      datasetIds: [ids.dataset('type 2 diabetes')],
      team: [],
    },
  });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const submitted = await desk.request(`/v1/access-requests/${id}/submit`, { method: 'POST', token });
  expect(submitted.status).toBe(200);
  return id;
}

async function stateOf(desk: TestDesk, id: string, who = 'demo-requester-cesp') {
  const res = await desk.request(`/v1/access-requests/${id}`, { token: await desk.token(who) });
  return ((await res.json()) as { state: string }).state;
}

/** The titles of the queue's rows, in order. */
const rows = (page: Page) =>
  [...page.html.matchAll(/<th scope="row"><a href="\/(?:fr|en)\/review\/[0-9a-f-]{36}">([^<]*)<\/a>/g)].map(
    (m) => m[1],
  );

describe('the review queue', () => {
  const clock = handClock('2026-03-02T09:00:00Z');
  let desk: TestDesk;
  let ids: DemoIds;
  let early: string;
  let late: string;

  beforeAll(async () => {
    ({ desk, ids } = await seededDesk(clock));
    early = await draftApplication(desk, ids, { submit: true, app: titled('Cohorte précoce') });
    clock.set('2026-03-20T09:00:00Z');
    late = await draftApplication(desk, ids, { submit: true, app: titled('Cohorte tardive') });
    // Thirty working days after 2 March have passed, not thirty after 20 March.
    clock.set('2026-04-22T09:00:00Z');
  });
  afterAll(() => desk?.close());

  it('lists the desk’s applications nearest deadline first, marks and counts the overdue ones', async () => {
    const reviewer = await as(desk, 'demo-reviewer-pasteur');
    const page = await reviewer.get('/fr/review');
    expect(page.status).toBe(200);
    expect(rows(page)).toEqual(['Cohorte précoce', 'Cohorte tardive']);
    const text = textOf(page.html);
    expect(text).toMatch(/2 demandes ?, dont 1 en retard sur l’échéance/);
    expect(text).toMatch(/EN RETARD/);
    expect((text.match(/EN RETARD/g) ?? []).length).toBe(1);

    const overdue = await reviewer.get('/fr/review?overdue=1');
    expect(rows(overdue)).toEqual(['Cohorte précoce']);
    expect(overdue.html).toContain(`href="/fr/review/${early}"`);
    expect(textOf(overdue.html)).toContain('Demandes en retard');

    const en = await (await as(desk, 'demo-reviewer-pasteur', 'en')).get('/en/review');
    expect(textOf(en.html)).toMatch(/2 applications ?, of which 1 past its deadline/);
  });

  it('filters by state and by desk', async () => {
    const admin = await as(desk, 'demo-desk-admin-pasteur');
    await admin.get(`/fr/review/${late}`);
    expect((await admin.post(`/fr/review/${late}/start`, {})).status).toBe(303);
    const inReview = await admin.get('/fr/review?state=in_review');
    expect(rows(inReview)).toEqual(['Cohorte tardive']);
    const submitted = await admin.get('/fr/review?state=submitted');
    expect(rows(submitted)).toEqual(['Cohorte précoce']);
    const pasteur = await admin.get(`/fr/review?desk=${ids.desks.get('guichet-pasteur')}`);
    expect(rows(pasteur)).toHaveLength(2);
    // The admin of Pasteur has no other desk: a Foch filter names nothing of theirs and is ignored.
    const foch = await admin.get(`/fr/review?desk=${ids.desks.get('guichet-foch')}&state=all`);
    expect(rows(foch)).toHaveLength(2);
    expect(textOf((await admin.get('/fr/review?state=approved')).html)).toContain(
      'Aucune demande ne correspond',
    );
  });

  it('filters by desk for someone who reviews for two desks', async () => {
    const added = await desk.request(`/v1/organizations/${ids.orgs.get('institut-pasteur')}/members`, {
      method: 'POST',
      token: await desk.token('demo-admin'),
      json: { subject: 'demo-reviewer-foch', role: 'reviewer' },
    });
    expect(added.status).toBe(201);
    await fochApplication(desk, ids, 'Cohorte Foch');
    const reviewer = await as(desk, 'demo-reviewer-foch');
    const all = await reviewer.get('/fr/review');
    expect(rows(all)).toEqual(['Cohorte précoce', 'Cohorte tardive', 'Cohorte Foch']);
    expect(all.html).toContain(`<option value="${ids.desks.get('guichet-foch')}"`);
    expect(all.html).toContain(`<option value="${ids.desks.get('guichet-pasteur')}"`);
    expect(rows(await reviewer.get(`/fr/review?desk=${ids.desks.get('guichet-foch')}`))).toEqual([
      'Cohorte Foch',
    ]);
    expect(rows(await reviewer.get(`/fr/review?desk=${ids.desks.get('guichet-pasteur')}&overdue=1`))).toEqual(
      ['Cohorte précoce'],
    );
  });

  it('shows reviewers and desk admins a "to review" panel on the home page, linking to the queue', async () => {
    const admin = await as(desk, 'demo-desk-admin-pasteur');
    const home = await admin.get('/fr');
    const text = textOf(home.html);
    expect(text).toContain('À examiner');
    expect(text).toMatch(/2 demandes en attente d’examen à vos guichets/);
    expect(text).toMatch(/1 demande en retard sur l’échéance/);
    expect(home.html).toContain('href="/fr/review?overdue=1"');
    expect(home.html).toContain('href="/fr/review"');
    const en = textOf((await (await as(desk, 'demo-desk-admin-pasteur', 'en')).get('/en')).html);
    expect(en).toContain('2 applications awaiting review at your desks');
    expect(en).toContain('1 application past its deadline');

    const requester = await as(desk, 'demo-requester-cesp');
    const theirs = await requester.get('/fr');
    expect(theirs.html).not.toContain('to-review-title');
    expect(theirs.html).not.toContain('href="/fr/review"');
    // Nor does a requester find applications to review.
    expect(textOf((await requester.get('/fr/review')).html)).toContain('ni rapporteur ni responsable');
  });
});

describe('reviewing an application', () => {
  const clock = handClock('2026-03-02T09:00:00Z');
  let desk: TestDesk;
  let ids: DemoIds;

  beforeAll(async () => {
    ({ desk, ids } = await seededDesk(clock));
  });
  afterAll(() => desk?.close());

  it('shows the purpose in words, the match with its reasons, the legal basis and the history', async () => {
    const id = await draftApplication(desk, ids, { submit: true, app: titled('Lecture complète') });
    const reviewer = await as(desk, 'demo-reviewer-pasteur');
    const page = await reviewer.get(`/fr/review/${id}`);
    expect(page.status).toBe(200);
    const text = textOf(page.html);
    expect(text).toContain('Examen : Lecture complète');
    expect(text).toContain('Pas d’usage commercial.');
    expect(text).toMatch(/compatible/);
    expect(text).toContain('article 6.1.e et article 9.2.j');
    expect(text).toContain('CESREES-2026-118');
    expect(text).toContain('Bulle sécurisée HDS du CESP');
    expect(text).toContain('Aucun vote pour l’instant.');
    expect(text).toContain('Historique');
    expect(text).toContain('Le demandeur');
    expect(text).toContain('Demande envoyée au guichet par le demandeur');
    // A reviewer votes but neither asks for changes nor decides: those are the desk admin's.
    expect(page.html).toContain(`action="/fr/review/${id}/vote"`);
    expect(page.html).not.toContain(`action="/fr/review/${id}/changes"`);
    expect(page.html).not.toContain(`action="/fr/review/${id}/decision"`);
  });

  it('refuses a vote without a rationale at its field, keeping the choice', async () => {
    const id = await draftApplication(desk, ids, { submit: true });
    const reviewer = await as(desk, 'demo-reviewer-pasteur');
    await reviewer.get(`/fr/review/${id}`);
    const failed = await reviewer.post(`/fr/review/${id}/vote`, {
      '/vote/choice': 'reject',
      '/vote/rationale': '  ',
    });
    expect(failed.status).toBe(400);
    expect(failed.html).toContain('class="error-summary"');
    expect(failed.html).toContain('href="#field-vote-rationale"');
    expect(failed.html).toMatch(/id="field-vote-rationale-error"[^>]*>[^<]*Ce champ est obligatoire/);
    expect(failed.html).toMatch(/value="reject"[^>]*checked/);
    expect(await stateOf(desk, id)).toBe('submitted');

    const noChoice = await reviewer.post(`/fr/review/${id}/vote`, { '/vote/rationale': 'Motivé.' });
    expect(noChoice.status).toBe(400);
    expect(noChoice.html).toContain('href="#field-vote-choice"');
    expect(noChoice.html).toContain('Motivé.');
  });

  it('approves on two reviewers’ votes on the Pasteur desk, and shows the votes with their rationale', async () => {
    const id = await draftApplication(desk, ids, { submit: true });
    const first = await as(desk, 'demo-reviewer-pasteur');
    await first.get(`/fr/review/${id}`);
    const voted = await first.post(`/fr/review/${id}/vote`, {
      '/vote/choice': 'approve',
      '/vote/rationale': 'Finalité compatible avec les conditions du jeu.',
    });
    expect(voted.status).toBe(303);
    expect(voted.location).toBe(`/fr/review/${id}?voted=1`);
    const after = await first.get(voted.location!);
    expect(textOf(after.html)).toContain('Vote enregistré.');
    expect(textOf(after.html)).toContain('Votre vote actuel : favorable');
    expect(await stateOf(desk, id)).toBe('in_review');

    const second = await as(desk, 'demo-reviewer2-pasteur');
    const page = await second.get(`/fr/review/${id}`);
    // The committee reads the other reviewer's vote and rationale.
    expect(textOf(page.html)).toContain('demo-reviewer-pasteur : favorable');
    expect(textOf(page.html)).toContain('Finalité compatible avec les conditions du jeu.');
    expect(
      (
        await second.post(`/fr/review/${id}/vote`, {
          '/vote/choice': 'approve',
          '/vote/rationale': 'Cadre juridique et environnement conformes.',
        })
      ).status,
    ).toBe(303);
    expect(await stateOf(desk, id)).toBe('approved');
    const decided = textOf((await second.get(`/fr/review/${id}`)).html);
    expect(decided).toContain('État accordée');
    expect(decided).toContain('quorum atteint selon la politique du guichet');
    expect(decided).not.toContain('Votre vote');
  });

  it('sends an application back to the team with the desk admin’s message', async () => {
    const id = await draftApplication(desk, ids, { submit: true });
    const admin = await as(desk, 'demo-desk-admin-pasteur');
    const page = await admin.get(`/fr/review/${id}`);
    expect(page.html).toContain(`action="/fr/review/${id}/changes"`);
    const empty = await admin.post(`/fr/review/${id}/changes`, { '/changes/reason': '' });
    expect(empty.status).toBe(400);
    expect(empty.html).toContain('href="#field-changes-reason"');
    const sent = await admin.post(`/fr/review/${id}/changes`, {
      '/changes/reason': 'Merci de joindre l’avis du CESREES.',
    });
    expect(sent.status).toBe(303);
    expect(await stateOf(desk, id)).toBe('changes_requested');

    const team = await as(desk, 'demo-requester-cesp');
    const theirs = textOf((await team.get(`/fr/applications/${id}`)).html);
    expect(theirs).toContain('Merci de joindre l’avis du CESREES.');
  });

  it('lets the Foch desk admin approve a mismatched dataset only with an override’s rationale', async () => {
    const id = await fochApplication(desk, ids, 'Diabète et imagerie');
    const reviewer = await as(desk, 'demo-reviewer-foch', 'en');
    await reviewer.get(`/en/review/${id}`);
    expect(
      (
        await reviewer.post(`/en/review/${id}/vote`, {
          '/vote/choice': 'approve',
          '/vote/rationale': 'Sound protocol.',
        })
      ).status,
    ).toBe(303);
    // Foch's desk admin decides: the unanimous vote alone decides nothing.
    expect(await stateOf(desk, id)).toBe('in_review');

    const admin = await as(desk, 'demo-desk-admin-foch', 'en');
    const page = await admin.get(`/en/review/${id}`);
    expect(textOf(page.html)).toContain('no match the dataset allows DS (E11) only');
    expect(page.html).toContain('name="/decision/overrides/0/rationale"');
    const missing = await admin.post(`/en/review/${id}/decision`, {
      '/decision/outcome': 'approved',
      '/decision/rationale': 'Unanimous favourable opinion.',
      '/decision/overrides/0/datasetId': ids.dataset('type 2 diabetes'),
      '/decision/overrides/0/rationale': '',
    });
    expect(missing.status).toBe(400);
    expect(missing.html).toContain('href="#field-decision-overrides-0-rationale"');
    expect(missing.html).toContain('Unanimous favourable opinion.');
    expect(await stateOf(desk, id)).toBe('in_review');

    const decided = await admin.post(`/en/review/${id}/decision`, {
      '/decision/outcome': 'approved',
      '/decision/rationale': 'Unanimous favourable opinion.',
      '/decision/overrides/0/datasetId': ids.dataset('type 2 diabetes'),
      '/decision/overrides/0/rationale': 'Diabetic patients’ imaging is within the disease studied.',
    });
    expect(decided.status).toBe(303);
    expect(await stateOf(desk, id)).toBe('approved');
    const text = textOf((await admin.get(decided.location!)).html);
    expect(text).toContain('Decision recorded.');
    expect(text).toContain('Diabetic patients’ imaging is within the disease studied.');
    expect(text).toContain('in force');
  });

  it('revokes an approved application’s grants with a reason', async () => {
    const id = await draftApplication(desk, ids, { submit: true });
    for (const who of ['demo-reviewer-pasteur', 'demo-reviewer2-pasteur']) {
      const res = await desk.request(`/v1/access-requests/${id}/votes`, {
        method: 'POST',
        token: await desk.token(who),
        json: { choice: 'approve', rationale: 'Conforme.' },
      });
      expect(res.status).toBe(200);
    }
    expect(await stateOf(desk, id)).toBe('approved');
    const reviewer = await as(desk, 'demo-reviewer-pasteur');
    expect((await reviewer.get(`/fr/review/${id}`)).html).not.toContain(`/review/${id}/revoke`);
    const admin = await as(desk, 'demo-desk-admin-pasteur');
    await admin.get(`/fr/review/${id}`);
    const empty = await admin.post(`/fr/review/${id}/revoke`, { '/revoke/reason': '' });
    expect(empty.status).toBe(400);
    expect(empty.html).toContain('href="#field-revoke-reason"');
    const revoked = await admin.post(`/fr/review/${id}/revoke`, {
      '/revoke/reason': 'Résultats publiés sans mention du jeu de données.',
    });
    expect(revoked.status).toBe(303);
    expect(await stateOf(desk, id)).toBe('revoked');
    const text = textOf((await admin.get(revoked.location!)).html);
    expect(text).toContain('Autorisations révoquées.');
    expect(text).toContain('révoquée');
    expect(text).toContain('Résultats publiés sans mention du jeu de données.');
  });

  it('revokes one grant with a reason, leaving the application approved', async () => {
    const id = await draftApplication(desk, ids, { submit: true, team: ['demo-researcher-cesp'] });
    for (const who of ['demo-reviewer-pasteur', 'demo-reviewer2-pasteur']) {
      const res = await desk.request(`/v1/access-requests/${id}/votes`, {
        method: 'POST',
        token: await desk.token(who),
        json: { choice: 'approve', rationale: 'Conforme.' },
      });
      expect(res.status).toBe(200);
    }
    const admin = await as(desk, 'demo-desk-admin-pasteur');
    const page = await admin.get(`/fr/review/${id}`);
    const links = [
      ...page.html.matchAll(/href="(\/fr\/review\/[0-9a-f-]{36}\/grants\/([0-9a-f-]{36})\/revoke)"/g),
    ];
    // One grant per team member and dataset: the requester and one colleague.
    expect(links).toHaveLength(2);
    expect(textOf(page.html)).toContain('Révoquer : membre 1 de l’équipe');
    const [, path, grantId] = links[0]!;
    const form = await admin.get(path!);
    expect(form.status).toBe(200);
    expect(textOf(form.html)).toContain('Révoquer une autorisation');
    const empty = await admin.post(path!, { '/reason': '' });
    expect(empty.status).toBe(400);
    expect(empty.html).toContain('href="#field-reason"');
    const done = await admin.post(path!, { '/reason': 'Départ du chercheur de l’équipe.' });
    expect(done.status).toBe(303);
    expect(done.location).toBe(`/fr/review/${id}?grantRevoked=1`);
    const grant = await desk.request(`/v1/grants/${grantId}`, {
      token: await desk.token('demo-desk-admin-pasteur'),
    });
    expect(((await grant.json()) as { status: string }).status).toBe('revoked');
    expect(await stateOf(desk, id)).toBe('approved');
    const after = textOf((await admin.get(done.location!)).html);
    expect(after).toContain('Autorisation révoquée.');
    expect(after).toContain('Départ du chercheur de l’équipe.');
    // A second revocation of the same grant is refused at the reason.
    await admin.get(path!);
    const again = await admin.post(path!, { '/reason': 'Encore.' });
    expect(again.status).toBe(409);
    expect(again.html).toContain('href="#field-reason"');
    // Reviewers do not revoke.
    const reviewer = await as(desk, 'demo-reviewer-pasteur');
    expect((await reviewer.get(path!)).status).toBe(404);
  });

  it('lets a reviewer kept out by separation of duties read the application, without votes or a vote form', async () => {
    const admin = await desk.token('demo-admin');
    const cesp = ids.orgs.get('equipe-cesp');
    const added = await desk.request(`/v1/organizations/${cesp}/members`, {
      method: 'POST',
      token: admin,
      json: { subject: 'demo-reviewer2-pasteur', role: 'requester' },
    });
    expect(added.status).toBe(201);
    const { id: membershipId } = (await added.json()) as { id: string };
    try {
      const id = await draftApplication(desk, ids, { submit: true });
      await desk.request(`/v1/access-requests/${id}/votes`, {
        method: 'POST',
        token: await desk.token('demo-reviewer-pasteur'),
        json: { choice: 'reject', rationale: 'Secret du comité.' },
      });
      const colleague = await as(desk, 'demo-reviewer2-pasteur');
      const page = await colleague.get(`/fr/review/${id}`);
      expect(page.status).toBe(200);
      const text = textOf(page.html);
      expect(text).toContain('Vous ne pouvez pas voter sur cette demande');
      expect(text).toContain('Les votes ne vous sont pas montrés.');
      expect(text).not.toContain('Secret du comité.');
      expect(page.html).not.toContain(`action="/fr/review/${id}/vote"`);
    } finally {
      await desk.request(`/v1/organizations/${cesp}/members/${membershipId}`, {
        method: 'DELETE',
        token: admin,
      });
    }
  });

  it('answers 404 to a reviewer of another desk, on the page and on its forms', async () => {
    const id = await draftApplication(desk, ids, { submit: true });
    const other = await as(desk, 'demo-reviewer-foch');
    expect((await other.get(`/fr/review/${id}`)).status).toBe(404);
    await other.get('/fr/review');
    const vote = await other.post(`/fr/review/${id}/vote`, {
      '/vote/choice': 'approve',
      '/vote/rationale': 'x',
    });
    expect(vote.status).toBe(404);
    expect(await stateOf(desk, id)).toBe('submitted');
    expect(rows(await other.get('/fr/review?state=all'))).not.toContain('Prognostic factors of long COVID');
    // The team reads its application on its own pages, not on the desk's.
    expect((await (await as(desk, 'demo-requester-cesp')).get(`/fr/review/${id}`)).status).toBe(404);
  });

  it('refuses a vote posted without the session’s CSRF token', async () => {
    const id = await draftApplication(desk, ids, { submit: true });
    const reviewer = await as(desk, 'demo-reviewer-pasteur');
    await reviewer.get(`/fr/review/${id}`);
    const forged = await reviewer.post(
      `/fr/review/${id}/vote`,
      { '/vote/choice': 'approve', '/vote/rationale': 'Forgé.' },
      { csrf: null },
    );
    expect(forged.status).toBe(403);
    const elsewhere = await reviewer.post(
      `/fr/review/${id}/vote`,
      { '/vote/choice': 'approve', '/vote/rationale': 'Forgé.' },
      { origin: 'https://evil.example' },
    );
    expect(elsewhere.status).toBe(403);
    expect(await stateOf(desk, id)).toBe('submitted');
  });

  it('shows the navigation entry to reviewers and desk admins only', async () => {
    const reviewer = await as(desk, 'demo-reviewer-pasteur');
    expect((await reviewer.get('/fr')).html).toMatch(/href="\/fr\/review"[^>]*>À examiner</);
    const editor = await as(desk, 'demo-editor-pasteur');
    expect((await editor.get('/fr')).html).not.toContain('href="/fr/review"');
  });
});
