// The auditor's pages: only the desks their organisation audits, an evaluation with what the browser needs to
// check its signature (and the words when it cannot), countersigning after a confirmation, disputes with
// their errors at the fields, and the audit log with its signed tree head and inclusion proofs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditVerify } from '../../src/generated/console-assets.js';
import { type DemoIds, demoIds } from '../access-fixtures';
import { createTestDesk, type TestDesk } from '../harness';
import {
  disputeDocument,
  type PartnerKey,
  registeredKey,
  signAs,
  signPrepared,
} from '../support/partner-keys';
import { criteria, signTreeHead, submittedEvaluation } from './audit-fixtures';
import { ConsoleClient, textOf } from './console-client';

let desk: TestDesk;
let ids: DemoIds;
let pasteur: string;
let foch: string;
/** The demo's countersigned evaluation of the Pasteur desk. */
let demoEvaluation: string;
/** Audit Numérique Santé's key, held by its auditor's client (here the test), which posts signatures. */
let auditnumKey: PartnerKey;

beforeAll(async () => {
  desk = await createTestDesk();
  ids = await demoIds(desk, await desk.seed());
  pasteur = ids.desks.get('guichet-pasteur')!;
  foch = ids.desks.get('guichet-foch')!;
  const scorecard = (await (await desk.request(`/v1/desks/${pasteur}/scorecard`)).json()) as {
    latest: { evaluationId: string };
  };
  demoEvaluation = scorecard.latest.evaluationId;
  auditnumKey = await registeredKey(
    desk,
    await desk.token('demo-auditor-auditnum'),
    ids.orgs.get('audit-numerique-sante')!,
  );
});

/** The form field the auditor's client fills: the organisation's countersignature. */
async function countersignatureField(id: string): Promise<{ signature: string }> {
  const token = await desk.token('demo-auditor-auditnum');
  return {
    signature: (await signPrepared(desk, token, id, 'countersigning-document', auditnumKey)).signature,
  };
}
afterAll(() => desk?.close());

async function auditor(subject = 'demo-auditor-auditnum', lang: 'fr' | 'en' = 'fr') {
  const client = new ConsoleClient(desk);
  await client.signIn(subject, lang);
  return client;
}

/** The JSON the page hands to its verification script. */
function verifyData(html: string) {
  const json = /<script type="application\/json" id="audit-verify-data">([\s\S]*?)<\/script>/.exec(html)?.[1];
  expect(json).toBeTruthy();
  return JSON.parse(json!) as Record<string, unknown>;
}

describe('the desks an auditor audits', () => {
  it('lists only the desks their organisation is appointed to, with their evaluations', async () => {
    const client = await auditor();
    const page = await client.get('/fr/audit');
    expect(page.status).toBe(200);
    const text = textOf(page.html);
    expect(text).toContain('Évaluations de Guichet de données Institut Pasteur');
    expect(text).not.toContain('Foch');
    expect(page.html).toContain(`href="/fr/audit/evaluations/${demoEvaluation}"`);
    expect(text).toContain('contresignée');
    // The navigation offers the audit pages to auditors only.
    expect(page.html).toContain('href="/fr/audit" aria-current="page"');
    const evalsante = await (await auditor('demo-auditor-evalsante', 'en')).get('/en/audit');
    expect(textOf(evalsante.html)).toContain('Evaluations of Guichet de données Hôpital Foch');
    expect(evalsante.html).not.toContain(demoEvaluation);
  });

  it('answers 404 for an evaluation of a desk the auditor does not audit, 403 to a non-auditor', async () => {
    // ÉvalSanté made the demo evaluation of the Pasteur desk, but its auditor audits Foch only.
    const evalsante = await auditor('demo-auditor-evalsante');
    expect((await evalsante.get(`/fr/audit/evaluations/${demoEvaluation}`)).status).toBe(404);
    expect((await evalsante.get(`/fr/audit/evaluations/${demoEvaluation}/countersign`)).status).toBe(404);
    const reviewer = await auditor('demo-reviewer-pasteur');
    expect((await reviewer.get('/fr/audit')).status).toBe(403);
    expect(reviewer.last!.html).not.toContain('href="/fr/audit"');
    expect((await new ConsoleClient(desk).get('/fr/audit')).location).toBe('/fr/sign-in?next=%2Ffr%2Faudit');
  });
});

describe('an evaluation’s page', () => {
  it('carries the signed evaluation, the signing organisations’ keys and the script that checks them, and says nothing is checked without it', async () => {
    const client = await auditor();
    const page = await client.get(`/fr/audit/evaluations/${demoEvaluation}`);
    expect(page.status).toBe(200);
    const evaluation = (await (
      await desk.request(`/v1/evaluations/${demoEvaluation}`, {
        token: await desk.token('demo-auditor-auditnum'),
      })
    ).json()) as { signature: string; countersignature: string; sheet: { overall: number } };
    const data = verifyData(page.html);
    expect(data.kind).toBe('evaluation');
    expect(data.signature).toBe(evaluation.signature);
    expect(data.countersignature).toBe(evaluation.countersignature);
    const keys = (await (await desk.request('/v1/signing-keys')).json()) as { keys: { kid: string }[] };
    expect(data.keys).toEqual({ keys: keys.keys });
    // The partners' signatures are checked with the signing organisations' keys, never with the desk's.
    const history = async (slug: string) =>
      (
        (await (await desk.request(`/v1/organizations/${ids.orgs.get(slug)}/keys`)).json()) as {
          items: { jwk: { kid: string } }[];
        }
      ).items.map((k) => k.jwk);
    expect(data.signerKeys).toEqual({ keys: await history('evalsante') });
    expect(data.countersignerKeys).toEqual({ keys: await history('audit-numerique-sante') });
    const kid = JSON.parse(atob(evaluation.signature.split('.')[0]!)).kid;
    expect((data.signerKeys as { keys: { kid: string }[] }).keys.map((k) => k.kid)).toContain(kid);
    expect(keys.keys.map((k) => k.kid)).not.toContain(kid);
    // The script, content-hashed, deferred, with the response's nonce.
    const nonce = /'nonce-([^']+)'/.exec(page.headers.get('content-security-policy') ?? '')![1];
    expect(page.html).toContain(`<script src="${auditVerify.path}" defer="" nonce="${nonce}"></script>`);
    expect(auditVerify.path).toMatch(/^\/assets\/audit-verify\.[0-9a-f]{12}\.js$/);
    const asset = await desk.app.request(auditVerify.path);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(await asset.text()).toContain('crypto.subtle.verify');
    // What the script compares: the scores shown, by group and criterion.
    expect(page.html).toContain(
      `data-evaluation-id="${demoEvaluation}" data-overall="${evaluation.sheet.overall}"`,
    );
    expect(page.html.match(/data-group-id=/g)).toHaveLength(8);
    expect(page.html.match(/data-criterion-id=/g)?.length).toBe(criteria.length);
    // Without the script: not checked here, and how to check it on the command line.
    const text = textOf(page.html);
    expect(text).toContain('Signature non vérifiée ici');
    expect(page.html).toMatch(/<noscript><p class="notice notice-warn">Les scripts sont désactivés/);
    expect(text).toContain('compactVerify');
    expect(text).toContain(`/v1/evaluations/${demoEvaluation}`);
    expect(text).not.toContain('vérifiée par votre navigateur :');
    // Countersigned already: no form.
    expect(page.html).not.toContain('/countersign"');
  });

  it('countersigns after a confirmation page, then says so (PRG)', async () => {
    const id = await submittedEvaluation(desk, pasteur, { from: '2024-01-01', to: '2025-01-01' });
    const client = await auditor('demo-auditor-auditnum', 'en');
    const page = await client.get(`/en/audit/evaluations/${id}`);
    expect(textOf(page.html)).toContain('submitted, to countersign or dispute');
    expect(page.html).toContain(`href="/en/audit/evaluations/${id}/countersign"`);
    const confirm = await client.get(`/en/audit/evaluations/${id}/countersign`);
    expect(confirm.status).toBe(200);
    expect(textOf(confirm.html)).toContain('You are about to countersign the evaluation from');
    const posted = await client.post(
      `/en/audit/evaluations/${id}/countersign`,
      await countersignatureField(id),
    );
    expect(posted.status).toBe(303);
    expect(posted.location).toBe(`/en/audit/evaluations/${id}?done=countersigned`);
    const after = await client.get(posted.location!);
    expect(textOf(after.html)).toContain('Evaluation countersigned.');
    expect(verifyData(after.html).countersignature).toMatch(/^eyJ/);
    const api = (await (
      await desk.request(`/v1/evaluations/${id}`, { token: await desk.token('demo-auditor-auditnum') })
    ).json()) as { state: string };
    expect(api.state).toBe('countersigned');
    // A second time: the confirmation page offers no button, and a post says the state changed.
    const done = await client.get(`/en/audit/evaluations/${id}/countersign`);
    expect(textOf(done.html)).toContain('This evaluation no longer awaits a countersignature or a dispute.');
    expect(done.html).not.toContain('I countersign this evaluation');
    const again = await client.post(`/en/audit/evaluations/${id}/countersign`, {});
    expect(again.status).toBe(409);
    expect(again.html).toContain('class="error-summary"');
  });

  it('keeps another desk’s auditor from countersigning (404), and refuses a post without the CSRF token', async () => {
    const id = await submittedEvaluation(desk, pasteur, { from: '2023-01-01', to: '2024-01-01' });
    const evalsante = await auditor('demo-auditor-evalsante');
    await evalsante.get('/fr/audit');
    expect((await evalsante.post(`/fr/audit/evaluations/${id}/countersign`, {})).status).toBe(404);
    const client = await auditor();
    await client.get(`/fr/audit/evaluations/${id}/countersign`);
    const forged = await client.post(`/fr/audit/evaluations/${id}/countersign`, {}, { csrf: 'forged' });
    expect(forged.status).toBe(403);
    const crossSite = await client.post(
      `/fr/audit/evaluations/${id}/countersign`,
      {},
      { origin: 'https://evil.example' },
    );
    expect(crossSite.status).toBe(403);
    const state = (await (
      await desk.request(`/v1/evaluations/${id}`, { token: await desk.token('demo-auditor-auditnum') })
    ).json()) as { state: string };
    expect(state.state).toBe('submitted');
  });

  it('disputes chosen criteria; a comment without its criterion, or a criterion without a comment, is shown at its field', async () => {
    const id = await submittedEvaluation(desk, pasteur, { from: '2022-01-01', to: '2023-01-01' });
    const client = await auditor();
    await client.get(`/fr/audit/evaluations/${id}`);
    const empty = await client.post(`/fr/audit/evaluations/${id}`, {});
    expect(empty.status).toBe(400);
    expect(empty.html).toContain('href="#field-criteria-0-criterion"');
    const first = criteria[0]!.id;
    const bad = await client.post(`/fr/audit/evaluations/${id}`, {
      '/criteria/0/criterion': first,
      '/criteria/0/comment': '  ',
      '/criteria/1/criterion': '',
      '/criteria/1/comment': 'Le registre des déports ne couvre que le premier semestre.',
    });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('href="#field-criteria-0-comment"');
    expect(bad.html).toContain('href="#field-criteria-1-criterion"');
    // Each message beside its field, the values kept.
    expect(bad.html).toMatch(
      /id="field-criteria-0-comment-error">dites pourquoi vous contestez ce critère<\/span>/,
    );
    expect(bad.html).toMatch(/id="field-criteria-1-criterion-error">choisissez le critère/);
    expect(bad.html).toContain(`<option value="${first}" selected="">`);
    expect(bad.html).toContain('Le registre des déports ne couvre que le premier semestre.</textarea>');
    // The same criterion twice: the service's violation lands on the second row's criterion.
    const twice = await client.post(`/fr/audit/evaluations/${id}`, {
      '/criteria/0/criterion': first,
      '/criteria/0/comment': 'Un.',
      '/criteria/2/criterion': first,
      '/criteria/2/comment': 'Deux.',
    });
    expect(twice.status).toBe(400);
    expect(twice.html).toContain('href="#field-criteria-2-criterion"');

    const disputed = [
      { criterion: criteria[2]!.id, comment: 'Le niveau 3 n’est pas étayé par les pièces fournies.' },
    ];
    const auditnum = ids.orgs.get('audit-numerique-sante')!;
    const token = await desk.token('demo-auditor-auditnum');
    const ok = await client.post(`/fr/audit/evaluations/${id}`, {
      '/criteria/1/criterion': disputed[0]!.criterion,
      '/criteria/1/comment': disputed[0]!.comment,
      signature: await signAs(
        auditnumKey,
        'phoenix-dispute+jws',
        await disputeDocument(desk, token, id, auditnum, disputed),
      ),
    });
    expect(ok.status).toBe(303);
    expect(ok.location).toBe(`/fr/audit/evaluations/${id}?done=disputed`);
    const after = await client.get(ok.location!);
    const text = textOf(after.html);
    expect(text).toContain('Évaluation contestée.');
    expect(text).toContain('Le niveau 3 n’est pas étayé par les pièces fournies.');
    expect(after.html).not.toContain('/countersign"');
    const dispute = (await (
      await desk.request(`/v1/evaluations/${id}/dispute`, {
        token: await desk.token('demo-auditor-auditnum'),
      })
    ).json()) as { criteria: { criterion: string }[] };
    expect(dispute.criteria.map((c) => c.criterion)).toEqual([criteria[2]!.id]);
  });
});

describe('the audit log', () => {
  it('lists the entries of the auditor’s desks with the signed tree head and each entry’s inclusion proof', async () => {
    const head = await signTreeHead(desk);
    const client = await auditor();
    const page = await client.get(`/fr/audit/log?desk=${pasteur}&action=evaluation.countersigned`);
    expect(page.status).toBe(200);
    const data = verifyData(page.html) as {
      head: string;
      keys: { keys: unknown[] };
      entries: {
        entry: { id: string; action: string; payload: { deskId: string } };
        proof: { treeSize: number; auditPath: string[] } | null;
      }[];
    };
    expect(data.head).toBe(head.signature);
    expect(data.keys.keys.length).toBeGreaterThan(0);
    expect(data.entries.length).toBeGreaterThan(0);
    for (const { entry } of data.entries) {
      expect(entry.action).toBe('evaluation.countersigned');
      expect(entry.payload.deskId).toBe(pasteur);
      expect(page.html).toContain(`data-entry-id="${entry.id}"`);
    }
    // Entries the tree head covers come with their proof against it.
    expect(data.entries.filter((e) => e.proof).every((e) => e.proof!.treeSize === head.treeSize)).toBe(true);
    expect(data.entries.some((e) => e.proof && e.proof.auditPath.length > 0)).toBe(true);
    const text = textOf(page.html);
    expect(text).toContain('Tête d’arbre non vérifiée ici.');
    expect(text).toContain('non vérifiée ici');
    expect(text).toContain('/v1/audit/checkpoints/latest');
    expect(page.html).toContain('<noscript><p class="notice notice-warn">Les scripts sont désactivés');
  });

  it('never shows another desk’s entries, and says at the field what a filter cannot be', async () => {
    const client = await auditor();
    const all = verifyData((await client.get('/fr/audit/log')).html) as {
      entries: { entry: { payload: { deskId?: string } } }[];
    };
    expect(all.entries.length).toBe(20);
    expect(new Set(all.entries.map((e) => e.entry.payload.deskId))).toEqual(new Set([pasteur]));
    expect(client.last!.html).toContain('Entrées suivantes');

    const other = await client.get(`/fr/audit/log?desk=${foch}`);
    expect(other.status).toBe(400);
    expect(other.html).toContain('href="#field-desk"');
    expect(other.html).not.toContain('data-entry-id=');
    const bad = await client.get('/fr/audit/log?action=Approve&from=2026-13-45');
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('href="#field-action"');
    expect(bad.html).toContain('href="#field-from"');
    expect(bad.html).toContain('value="Approve"');
  });

  it('filters by dates, as days in Paris', async () => {
    const client = await auditor('demo-auditor-auditnum', 'en');
    const future = await client.get(`/en/audit/log?from=2999-01-01`);
    expect(future.status).toBe(200);
    expect(textOf(future.html)).toContain('No entry matches.');
    const past = await client.get(`/en/audit/log?to=2000-01-01`);
    expect(textOf(past.html)).toContain('No entry matches.');
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const recent = await client.get(`/en/audit/log?from=2000-01-01&to=${tomorrow}`);
    expect(recent.html).toContain('data-entry-id=');
  });
});
