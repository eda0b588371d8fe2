// Evaluators in the console: open an evaluation, score it against the grid with evidence (figure-backed
// criteria preselected), save, submit after a confirmation, answer an auditor's dispute, open the new version
// and compare versions on the radar chart. Auditors dispute through the JSON API, as their tools do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluationGrid } from '../../src/policies/evaluation-grids';
import { type DemoIds, seededDesk } from '../access-fixtures';
import type { TestDesk } from '../harness';
import { type PartnerKey, registeredKey, signedDispute } from '../support/partner-keys';
import { ConsoleClient, textOf } from './console-client';
import { consoleSignature } from './console-signing';

let desk: TestDesk;
let ids: DemoIds;
/** EvalSanté's key, as its evaluators' browsers hold it. */
let evaluatorKey: PartnerKey;
const grid = evaluationGrid('phoenix-grid', '1.0.0')!;
const criteria = grid.groups.flatMap((g) => g.criteria);

beforeAll(async () => {
  ({ desk, ids } = await seededDesk());
  const token = await desk.token('demo-evaluator-evalsante');
  evaluatorKey = await registeredKey(desk, token, ids.orgs.get('evalsante')!);
});

/** The evaluation signed as the evaluator's browser signs it, posted from its confirmation page. */
async function signAndSubmit(client: ConsoleClient, id: string) {
  const signature = await consoleSignature(
    client,
    `/fr/evaluations/${id}/signing-document`,
    `/fr/evaluations/${id}/submit`,
    evaluatorKey,
  );
  return client.post(`/fr/evaluations/${id}/submit`, { signature });
}
afterAll(() => desk?.close());

async function as(subject: string, lang: 'fr' | 'en' = 'fr') {
  const client = new ConsoleClient(desk);
  await client.signIn(subject, lang);
  return client;
}

const versionIn = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] ?? '';
const idIn = (location: string | null) => /\/evaluations\/([0-9a-f-]{36})/.exec(location ?? '')?.[1] ?? '';

/** Every criterion scored at `level` with one piece of evidence of a kind it accepts; figures justified. */
function fullForm(level = '3'): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const c of criteria) {
    const base = `/scores/${c.id}`;
    const kind = c.evidence.kinds[0]!;
    fields[`${base}/level`] = level;
    fields[`${base}/evidence/0/kind`] = kind;
    fields[`${base}/evidence/0/value`] =
      kind === 'link'
        ? `https://guichet-pasteur.example.org/preuves/${c.id}`
        : kind === 'document'
          ? 'b'.repeat(64)
          : `Constaté sur place (${c.id}).`;
    if (c.metric) fields[`${base}/justification`] = 'Niveau constaté sur pièces, au-delà du seul chiffre.';
  }
  return fields;
}

async function openOne(client: ConsoleClient, from = '2026-01-01', to = '2027-01-01'): Promise<string> {
  await client.get('/fr/evaluations');
  const opened = await client.post('/fr/evaluations', {
    '/deskId': ids.desks.get('guichet-pasteur')!,
    '/periodFrom': from,
    '/periodTo': to,
  });
  expect(opened.status).toBe(303);
  expect(opened.location).toMatch(/^\/fr\/evaluations\/[0-9a-f-]{36}\?opened=1$/);
  return idIn(opened.location);
}

async function submitted(client: ConsoleClient): Promise<string> {
  const id = await openOne(client);
  const page = await client.get(`/fr/evaluations/${id}`);
  const saved = await client.post(`/fr/evaluations/${id}`, { ...fullForm(), version: versionIn(page.html) });
  expect(saved.status).toBe(303);
  expect((await signAndSubmit(client, id)).status).toBe(303);
  return id;
}

describe('evaluations in the console', () => {
  it('asks a visitor to sign in, and shows the entry to evaluators only', async () => {
    const visitor = await new ConsoleClient(desk).get('/fr/evaluations');
    expect(visitor.status).toBe(303);
    expect(visitor.location).toBe('/fr/sign-in?next=%2Ffr%2Fevaluations');
    const evaluator = await as('demo-evaluator-evalsante');
    const home = await evaluator.get('/fr');
    expect(home.html).toContain('href="/fr/evaluations"');
    const requester = await as('demo-requester-cesp');
    expect((await requester.get('/fr')).html).not.toContain('href="/fr/evaluations"');
    // Someone who is no evaluator sees no form to open one.
    const page = await requester.get('/fr/evaluations');
    expect(page.status).toBe(200);
    expect(page.html).not.toContain('name="/deskId"');
  });

  it('lists the organisation’s evaluations and opens one, with errors at their fields', async () => {
    const client = await as('demo-evaluator-evalsante');
    const list = await client.get('/fr/evaluations');
    expect(list.status).toBe(200);
    const text = textOf(list.html);
    expect(text).toContain('Guichet de données Institut Pasteur');
    expect(text).toContain('contresignée'); // the demo's evaluation
    const bad = await client.post('/fr/evaluations', {
      '/deskId': '',
      '/periodFrom': '2027-01-01',
      '/periodTo': '2026-01-01',
    });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('href="#field-deskId"');
    expect(bad.html).toMatch(/id="field-deskId-error"[^>]*>choisissez un guichet/);
    expect(bad.html).toContain('value="2027-01-01"');
    const id = await openOne(client);
    const page = await client.get(`/fr/evaluations/${id}?opened=1`);
    expect(page.status).toBe(200);
    expect(textOf(page.html)).toContain('Évaluation ouverte.');
    expect((await client.get('/fr/evaluations')).html).toContain(`/fr/evaluations/${id}`);
  });

  it('renders the grid group by group, levels with their descriptions, Five Safes, figures preselected', async () => {
    const client = await as('demo-evaluator-evalsante');
    const id = await openOne(client);
    const page = await client.get(`/fr/evaluations/${id}`);
    const text = textOf(page.html);
    for (const g of grid.groups) expect(page.html).toContain(`id="group-${g.id}"`);
    expect(text).toContain('Catalogue public et interopérable');
    expect(text).toContain('3 — établi');
    expect(text).toContain(grid.groups[0]!.criteria[0]!.levels[3]!.fr.slice(0, 30));
    expect(text).toContain('Five Safes : données');
    // Catalogue completeness comes from the desk's published datasets: its figure shown, its level checked.
    expect(text).toMatch(/Chiffre du guichet sur la période : \d+(,\d)? % \(niveau proposé : \d\)/);
    const proposed = /niveau proposé : (\d)/.exec(text)![1];
    expect(page.html).toMatch(
      new RegExp(`name="/scores/catalogue-completeness/level" value="${proposed}" checked`),
    );
    // The time to decision has no decision to measure yet.
    expect(text).toContain('non mesurable (aucune donnée sur la période)');
    // The radar: inline SVG with a role and a label, no style attribute anywhere (CSP).
    expect(page.html).toMatch(/<svg [^>]*role="img" aria-label="Notes par groupe\s:\s/);
    expect(page.html).not.toMatch(/\sstyle=/);
    expect(page.html.match(/<h1/g)).toHaveLength(1);
  });

  it('saves scores with evidence: a bad digest comes back at its field, values kept; a stale save is caught', async () => {
    const client = await as('demo-evaluator-evalsante');
    const id = await openOne(client);
    const page = await client.get(`/fr/evaluations/${id}`);
    const version = versionIn(page.html);
    const bad = await client.post(`/fr/evaluations/${id}`, {
      version,
      '/scores/impact-assessment/level': '3',
      '/scores/impact-assessment/evidence/0/kind': 'document',
      '/scores/impact-assessment/evidence/0/value': 'not-a-digest',
      '/scores/impact-assessment/evidence/0/label': 'AIPD 2026',
      '/scores/catalogue-publication/level': '2',
      '/scores/catalogue-publication/evidence/0/kind': 'link',
      '/scores/catalogue-publication/evidence/0/value': 'https://catalogue.example.org',
    });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('href="#field-scores-impact-assessment-evidence-0-value"');
    expect(bad.html).toMatch(
      /id="field-scores-impact-assessment-evidence-0-value-error"[^>]*>un document est donné par son empreinte SHA-256/,
    );
    expect(bad.html).toContain('value="not-a-digest"');
    expect(bad.html).toContain('value="AIPD 2026"');
    expect(bad.html).toMatch(/name="\/scores\/catalogue-publication\/level" value="2" checked/);

    const good = await client.post(`/fr/evaluations/${id}`, {
      version,
      '/scores/impact-assessment/level': '3',
      '/scores/impact-assessment/evidence/0/kind': 'document',
      '/scores/impact-assessment/evidence/0/value': 'a'.repeat(64),
      '/scores/impact-assessment/evidence/0/label': 'AIPD 2026',
    });
    expect(good.status).toBe(303);
    expect(good.location).toBe(`/fr/evaluations/${id}?saved=1`);
    const after = await client.get(good.location!);
    expect(textOf(after.html)).toContain('Notes enregistrées.');
    expect(after.html).toContain(`value="${'a'.repeat(64)}"`);
    const api = (await (
      await desk.request(`/v1/evaluations/${id}`, { token: await desk.token('demo-evaluator-evalsante') })
    ).json()) as { scores: Record<string, unknown> };
    expect(api.scores['impact-assessment']).toEqual({
      level: 3,
      evidence: [{ kind: 'document', value: 'a'.repeat(64), label: 'AIPD 2026' }],
    });

    // The form of before the save is stale: refused with 412, the entries kept, the version moved on.
    const stale = await client.post(`/fr/evaluations/${id}`, {
      version,
      '/scores/pseudonymisation/level': '1',
      '/scores/pseudonymisation/evidence/0/kind': 'document',
      '/scores/pseudonymisation/evidence/0/value': 'c'.repeat(64),
    });
    expect(stale.status).toBe(412);
    expect(textOf(stale.html)).toContain('Quelqu’un a modifié cette évaluation');
    expect(stale.html).toContain(`value="${'c'.repeat(64)}"`);
    expect(versionIn(stale.html)).toBe(String(Number(version) + 1));
    expect(
      (await client.post(`/fr/evaluations/${id}`, { ...fullForm(), version: versionIn(stale.html) })).status,
    ).toBe(303);
  });

  it('submits after a confirmation, refusing an incomplete one with each criterion named', async () => {
    const client = await as('demo-evaluator-evalsante');
    const id = await openOne(client);
    const page = await client.get(`/fr/evaluations/${id}`);
    // "Submit" saves what is typed, then asks for confirmation.
    const partial = await client.post(`/fr/evaluations/${id}`, {
      version: versionIn(page.html),
      intent: 'submit',
      '/scores/written-access-policy/level': '4',
    });
    expect(partial.status).toBe(303);
    expect(partial.location).toBe(`/fr/evaluations/${id}/submit`);
    const confirm = await client.get(partial.location!);
    expect(textOf(confirm.html)).toContain('Une fois signée et soumise, l’évaluation est figée');
    // The confirmation already says what submission would refuse; the figure-backed criterion is not in it.
    expect(textOf(confirm.html)).toContain('une preuve est exigée pour un niveau supérieur à 0');
    expect(confirm.html).toContain(`href="/fr/evaluations/${id}#field-scores-pseudonymisation"`);
    expect(confirm.html).not.toContain(`#field-scores-catalogue-completeness"`);
    const refused = await client.post(`/fr/evaluations/${id}/submit`, {});
    expect(refused.status).toBe(400);
    // Unsigned (no script), and incomplete: both said.
    expect(textOf(refused.html)).toContain('aucune signature reçue');
    const why = textOf(refused.html);
    expect(why).toContain(`${criteria.find((c) => c.id === 'written-access-policy')!.title.fr} :`);
    expect(why).toContain('une preuve est exigée pour un niveau supérieur à 0');
    expect(why).toContain('ce critère n’est pas noté');
    expect(refused.html).toContain(`href="/fr/evaluations/${id}#field-scores-written-access-policy"`);

    const form = await client.get(`/fr/evaluations/${id}`);
    await client.post(`/fr/evaluations/${id}`, { ...fullForm(), version: versionIn(form.html) });
    const done = await signAndSubmit(client, id);
    expect(done.status).toBe(303);
    expect(done.location).toBe(`/fr/evaluations/${id}?submitted=1`);
    const read = await client.get(done.location!);
    const text = textOf(read.html);
    expect(text).toContain('Évaluation signée par votre organisation et soumise.');
    expect(text).toContain('signée par votre organisation à la soumission (JWS)');
    expect(text).toContain('en attente d’un auditeur d’une autre organisation partenaire');
    // The evidence bundle to take away: linked from the page, the same file as the API's.
    expect(read.html).toContain(`href="/fr/evaluations/${id}/bundle"`);
    const bundle = await client.get(`/fr/evaluations/${id}/bundle`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-disposition')).toBe(
      `attachment; filename="evaluation-${id}.bundle.json"`,
    );
    const taken = JSON.parse(bundle.html) as {
      format: string;
      evaluation: { id: string; signature: string };
    };
    expect(taken.format).toBe('phoenix-evidence-bundle/1');
    expect(taken.evaluation.id).toBe(id);
    await client.get(`/fr/evaluations/${id}`);
    // Read-only now: no scoring form, evidence shown.
    expect(read.html).not.toContain('name="/scores/');
    expect(text).toContain(`Niveau attribué : 3 — établi — ${criteria[0]!.levels[3]!.fr}`);
    expect(read.html).toContain('href="https://guichet-pasteur.example.org/preuves/catalogue-publication"');
    // The figure-backed criterion kept the figure it was signed with.
    expect(text).toMatch(/Chiffre du guichet sur la période : \d+(,\d)? %/);
    // Immutable: a late save is a 409 with the reason, and the confirmation page leads back.
    const late = await client.post(`/fr/evaluations/${id}`, { ...fullForm('1'), version: '99' });
    expect(late.status).toBe(409);
    expect(textOf(late.html)).toContain('Cette évaluation est figée');
    expect((await client.get(`/fr/evaluations/${id}/submit`)).status).toBe(303);
  });

  it('answers an auditor’s dispute, opens the new version, and compares versions on the radar', async () => {
    const client = await as('demo-evaluator-evalsante');
    const first = await submitted(client);
    const auditor = await desk.token('demo-auditor-auditnum');
    const objections = [
      {
        criterion: 'written-access-policy',
        comment: 'Le document lié est un projet, pas la version adoptée.',
      },
      {
        criterion: 'committee-independence',
        comment: 'Aucun procès-verbal ne montre la composition du comité.',
      },
    ];
    // The auditor's client signs the dispute with a key of Audit Numérique Santé.
    const auditorOrg = ids.orgs.get('audit-numerique-sante')!;
    const auditorKey = await registeredKey(desk, auditor, auditorOrg);
    const disputed = await signedDispute(desk, auditor, first, auditorKey, auditorOrg, objections);
    expect(disputed.status).toBe(201);

    const page = await client.get(`/fr/evaluations/${first}`);
    const text = textOf(page.html);
    expect(text).toContain('contestée');
    expect(text).toContain('Un auditeur de Audit Numérique Santé conteste');
    expect(text).toContain(objections[0]!.comment);
    expect(text).toContain('refusée : un auditeur a contesté des critères');
    const empty = await client.post(`/fr/evaluations/${first}/answer`, {
      '/answer/0/criterion': 'written-access-policy',
      '/answer/0/comment': 'La version adoptée est désormais liée.',
      '/answer/1/criterion': 'committee-independence',
      '/answer/1/comment': '',
    });
    expect(empty.status).toBe(400);
    expect(empty.html).toContain('href="#field-answer-1-comment"');
    expect(empty.html).toMatch(/id="field-answer-1-comment-error"[^>]*>répondez à cette objection/);
    expect(empty.html).toContain('La version adoptée est désormais liée.');
    const answered = await client.post(`/fr/evaluations/${first}/answer`, {
      '/answer/0/criterion': 'written-access-policy',
      '/answer/0/comment': 'La version adoptée est désormais liée ; niveau maintenu.',
      '/answer/1/criterion': 'committee-independence',
      '/answer/1/comment': 'D’accord : niveau abaissé à 1 en attendant les procès-verbaux.',
    });
    expect(answered.status).toBe(303);
    const after = await client.get(answered.location!);
    expect(textOf(after.html)).toContain('niveau abaissé à 1');
    expect(after.html).toContain(`action="/fr/evaluations/${first}/revisions"`);

    const revised = await client.post(`/fr/evaluations/${first}/revisions`, {});
    expect(revised.status).toBe(303);
    const second = idIn(revised.location);
    expect(second).not.toBe(first);
    let draft = await client.get(revised.location!);
    expect(textOf(draft.html)).toContain('Nouvelle version ouverte');
    // Lower the disputed criterion as answered, then submit the new version.
    const lowered = {
      ...fullForm(),
      '/scores/committee-independence/level': '1',
      version: versionIn(draft.html),
    };
    expect((await client.post(`/fr/evaluations/${second}`, lowered)).status).toBe(303);
    expect((await signAndSubmit(client, second)).status).toBe(303);

    draft = await client.get(`/fr/evaluations/${second}`);
    const now = textOf(draft.html);
    // Versions: the disputed one superseded, its dispute resolved; this one submitted.
    expect(now).toContain('Versions successives de cette évaluation');
    expect(now).toMatch(/Version 1 remplacée par une nouvelle version \S+ sur 100 résolue/);
    expect(now).toContain('2 (cette page)');
    // The radar overlays version 1; the table gives both scores for every group.
    expect(now).toContain('en gris pointillé, la version 1 qu’elle remplace');
    expect(draft.html).toContain('<title>version précédente</title>');
    expect(draft.html.match(/<polygon /g)!.length).toBe(6); // 4 rings + previous + current
    const governance = grid.groups.findIndex((g) =>
      g.criteria.some((c) => c.id === 'committee-independence'),
    );
    const groupTitle = grid.groups[governance]!.title.fr;
    const row = new RegExp(
      `${groupTitle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} (\\d+(?:,\\d)?) (\\d+(?:,\\d)?)`,
    );
    const [, thisScore, previousScore] = row.exec(now)!;
    expect(Number(thisScore!.replace(',', '.'))).toBeLessThan(Number(previousScore!.replace(',', '.')));
    // The old version says it was replaced and links to the new one.
    const old = await client.get(`/fr/evaluations/${first}`);
    expect(old.html).toContain(`href="/fr/evaluations/${second}"`);
    expect(textOf(old.html)).toContain('Résolue par une nouvelle version');
  });

  it('shows nothing of an evaluation to another partner’s evaluator (404), in either language', async () => {
    const client = await as('demo-evaluator-evalsante');
    const id = await openOne(client);
    const admin = await desk.token('demo-admin');
    const org = await desk.request('/v1/organizations', {
      method: 'POST',
      token: admin,
      json: { slug: 'eval-tiers', name: 'Évaluation Tiers', kind: 'partner' },
    });
    const { id: orgId } = (await org.json()) as { id: string };
    const member = await desk.request(`/v1/organizations/${orgId}/members`, {
      method: 'POST',
      token: admin,
      json: { subject: 'evaluator-tiers', role: 'evaluator' },
    });
    expect(member.status).toBe(201);
    const other = await as('evaluator-tiers');
    expect((await other.get(`/fr/evaluations/${id}`)).status).toBe(404);
    expect((await other.get(`/en/evaluations/${id}`)).status).toBe(404);
    expect((await other.get(`/fr/evaluations/${id}/submit`)).status).toBe(404);
    expect((await other.get(`/fr/evaluations/${id}/bundle`)).status).toBe(404);
    const list = await other.get('/fr/evaluations');
    expect(list.html).not.toContain(id);
    expect(textOf(list.html)).toContain('Votre organisation n’a encore aucune évaluation.');
    // Nor may they write to it.
    const post = await other.post(`/fr/evaluations/${id}`, { ...fullForm(), version: '1' });
    expect(post.status).toBe(404);
  });

  it('refuses a post without the session’s token or from another origin (CSRF)', async () => {
    const client = await as('demo-evaluator-evalsante');
    const id = await openOne(client);
    const page = await client.get(`/fr/evaluations/${id}`);
    const noToken = await client.post(
      `/fr/evaluations/${id}`,
      { version: versionIn(page.html) },
      { csrf: null },
    );
    expect(noToken.status).toBe(403);
    await client.get(`/fr/evaluations/${id}`);
    const foreign = await client.post(`/fr/evaluations/${id}/submit`, {}, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    await client.get('/fr/evaluations');
    const open = await client.post(
      '/fr/evaluations',
      {
        '/deskId': ids.desks.get('guichet-pasteur')!,
        '/periodFrom': '2026-01-01',
        '/periodTo': '2027-01-01',
      },
      { csrf: 'forged' },
    );
    expect(open.status).toBe(403);
  });

  it('speaks English on /en', async () => {
    const client = await as('demo-evaluator-evalsante', 'en');
    const list = await client.get('/en/evaluations');
    expect(textOf(list.html)).toContain('Open an evaluation');
    const id = await openOne(client);
    const page = await client.get(`/en/evaluations/${id}`);
    const text = textOf(page.html);
    expect(text).toContain('Public, interoperable catalogue');
    expect(text).toContain('3 — established: ');
    expect(text).toContain('The desk’s figure over the period: ');
    expect(text).toContain('Five Safes: data');
    expect(text).not.toMatch(/\S :\s/);
    expect(text).toContain('Save the scores');
  });
});
