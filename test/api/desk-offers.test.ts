// A desk decides what it offers: a provider puts a dataset on another organisation's desk only through an
// offer that desk's admins accept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleDescriptor } from '../fixtures-descriptor';
import { createTestDesk, type TestDesk, tableCounts } from '../harness';

let desk: TestDesk;
let orgs: Map<string, string>;
const desks = new Map<string, string>();
const tokens: Record<string, string> = {};

const PASTEUR = { name: 'Institut Pasteur', homepage: 'https://www.pasteur.fr' };

beforeAll(async () => {
  desk = await createTestDesk();
  orgs = await desk.seed();
  const list = (await (await desk.request('/v1/desks')).json()) as { items: { id: string; slug: string }[] };
  for (const d of list.items) desks.set(d.slug, d.id);
  for (const s of [
    'demo-editor-pasteur',
    'demo-editor-foch',
    'demo-desk-admin-pasteur',
    'demo-desk-admin-foch',
    'demo-auditor-evalsante',
    'demo-admin',
  ]) {
    tokens[s] = await desk.token(s);
  }
});
afterAll(() => desk.close());

type Dataset = { id: string; version: number; deskId: string | null; status: string };
type Offer = { id: string; state: string; deskId: string; reason: string | null; dataset: Dataset };

async function send(
  path: string,
  who: string,
  init: { method?: string; json?: unknown; ifMatch?: number } = {},
) {
  const res = await desk.request(path, {
    token: tokens[who]!,
    ...(init.method ? { method: init.method } : {}),
    ...(init.json !== undefined ? { json: init.json } : {}),
    ...(init.ifMatch ? { headers: { 'if-match': `"${init.ifMatch}"` } } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A published dataset of Institut Pasteur, offered through its own desk. */
async function pasteurDataset(label: string): Promise<Dataset> {
  const created = await send('/v1/datasets', 'demo-editor-pasteur', {
    method: 'POST',
    json: {
      providerId: orgs.get('institut-pasteur'),
      deskId: desks.get('guichet-pasteur'),
      descriptor: sampleDescriptor(label, { publisher: PASTEUR }),
    },
  });
  expect(created.status).toBe(201);
  const published = await send(`/v1/datasets/${created.body.id}/publish`, 'demo-editor-pasteur', {
    method: 'POST',
    ifMatch: 1,
  });
  expect(published.status).toBe(200);
  return published.body as unknown as Dataset;
}

const read = async (id: string, who = 'demo-editor-pasteur') =>
  (await send(`/v1/datasets/${id}`, who)).body as unknown as Dataset;

const offer = (datasetId: string, deskSlug = 'guichet-foch') =>
  send('/v1/desk-offers', 'demo-editor-pasteur', {
    method: 'POST',
    json: { datasetId, deskId: desks.get(deskSlug), message: 'Proposé au guichet Foch.' },
  });

const pointersOf = (body: Record<string, unknown>) =>
  ((body.violations as { pointer: string }[] | undefined) ?? []).map((v) => v.pointer);

describe('placing a dataset on another organisation’s desk', () => {
  it('refuses to move a published dataset onto another organisation’s desk with PUT (403 at /deskId)', async () => {
    const dataset = await pasteurDataset('Déplacement');
    const moved = await send(`/v1/datasets/${dataset.id}`, 'demo-editor-pasteur', {
      method: 'PUT',
      ifMatch: dataset.version,
      json: {
        descriptor: sampleDescriptor('Déplacement', { publisher: PASTEUR }),
        deskId: desks.get('guichet-foch'),
      },
    });
    expect(moved.status).toBe(403);
    expect(pointersOf(moved.body)).toEqual(['/deskId']);
    const now = await read(dataset.id);
    expect(now.deskId).toBe(desks.get('guichet-pasteur'));
    expect(now.version).toBe(dataset.version);
  });

  it('refuses to create a dataset on another organisation’s desk, and writes nothing', async () => {
    const before = await tableCounts(desk);
    const created = await send('/v1/datasets', 'demo-editor-pasteur', {
      method: 'POST',
      json: {
        providerId: orgs.get('institut-pasteur'),
        deskId: desks.get('guichet-foch'),
        descriptor: sampleDescriptor('Création', { publisher: PASTEUR }),
      },
    });
    expect(created.status).toBe(403);
    expect(pointersOf(created.body)).toEqual(['/deskId']);
    expect(await tableCounts(desk)).toEqual(before);
  });

  it('refuses to import datasets onto another organisation’s desk, and writes nothing', async () => {
    const before = await tableCounts(desk);
    const res = await desk.request(
      `/v1/datasets/import?providerId=${orgs.get('institut-pasteur')}&deskId=${desks.get('guichet-foch')}`,
      {
        method: 'POST',
        token: tokens['demo-editor-pasteur']!,
        headers: { 'content-type': 'text/turtle' },
        body: `@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
          @prefix foaf: <http://xmlns.com/foaf/0.1/> .
          <https://data.example.org/ds/1> a dcat:Dataset ; dct:title "Cohorte importée"@fr ;
            dct:description "Cohorte de suivi."@fr ;
            dct:accessRights <http://publications.europa.eu/resource/authority/access-right/RESTRICTED> ;
            dct:publisher [ foaf:name "Institut Pasteur" ] .`,
      },
    );
    expect(res.status).toBe(403);
    expect(pointersOf((await res.json()) as Record<string, unknown>)).toEqual(['/deskId']);
    expect(await tableCounts(desk)).toEqual(before);
  });

  it('lets a provider leave a desk, and stay on the one that took the dataset when it edits it', async () => {
    const dataset = await pasteurDataset('Départ');
    const made = await offer(dataset.id);
    await send(`/v1/desk-offers/${made.body.id}/accept`, 'demo-desk-admin-foch', { method: 'POST' });
    const onFoch = await read(dataset.id);
    const edited = await send(`/v1/datasets/${dataset.id}`, 'demo-editor-pasteur', {
      method: 'PUT',
      ifMatch: onFoch.version,
      json: { descriptor: sampleDescriptor('Départ v2', { publisher: PASTEUR }), deskId: onFoch.deskId },
    });
    expect(edited.status).toBe(200);
    const left = await send(`/v1/datasets/${dataset.id}`, 'demo-editor-pasteur', {
      method: 'PUT',
      ifMatch: onFoch.version + 1,
      json: { descriptor: sampleDescriptor('Départ v2', { publisher: PASTEUR }), deskId: null },
    });
    expect(left.status).toBe(200);
    expect((left.body as unknown as Dataset).deskId).toBeNull();
  });

  it('lets someone who is both the provider’s editor and the desk’s admin place it directly', async () => {
    // A user of their own, so that the demo cast keeps its roles for the other tests.
    for (const [org, role] of [
      ['institut-pasteur', 'editor'],
      ['hopital-foch', 'desk_admin'],
    ] as const) {
      const joined = await send(`/v1/organizations/${orgs.get(org)}/members`, 'demo-admin', {
        method: 'POST',
        json: { subject: 'double-casquette', role },
      });
      expect(joined.status).toBe(201);
    }
    tokens['double-casquette'] = await desk.token('double-casquette');
    const dataset = await pasteurDataset('Double casquette');
    const moved = await send(`/v1/datasets/${dataset.id}`, 'double-casquette', {
      method: 'PUT',
      ifMatch: dataset.version,
      json: {
        descriptor: sampleDescriptor('Double casquette', { publisher: PASTEUR }),
        deskId: desks.get('guichet-foch'),
      },
    });
    expect(moved.status).toBe(200);
    expect((moved.body as unknown as Dataset).deskId).toBe(desks.get('guichet-foch'));
  });
});

describe('offers to a desk', () => {
  it('moves the dataset only when the desk’s admin accepts, with a revision and audit entries', async () => {
    const dataset = await pasteurDataset('Offre acceptée');
    const made = await offer(dataset.id);
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ state: 'pending', deskId: desks.get('guichet-foch') });
    expect((await read(dataset.id)).deskId).toBe(desks.get('guichet-pasteur'));

    const pending = await send(
      `/v1/desk-offers?deskId=${desks.get('guichet-foch')}&state=pending`,
      'demo-desk-admin-foch',
    );
    expect((pending.body.items as Offer[]).map((o) => o.id)).toContain(made.body.id);
    // Neither side of the offer: another provider's editor, and the admin of the desk the dataset leaves.
    for (const who of ['demo-editor-foch', 'demo-desk-admin-pasteur']) {
      expect((await send(`/v1/desk-offers/${made.body.id}`, who)).status).toBe(404);
      expect((await send(`/v1/desk-offers/${made.body.id}/accept`, who, { method: 'POST' })).status).toBe(
        404,
      );
    }
    const byProvider = await send(`/v1/desk-offers/${made.body.id}/accept`, 'demo-editor-pasteur', {
      method: 'POST',
    });
    expect(byProvider.status).toBe(403);

    const accepted = await send(`/v1/desk-offers/${made.body.id}/accept`, 'demo-desk-admin-foch', {
      method: 'POST',
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.state).toBe('accepted');
    const now = await read(dataset.id);
    expect(now.deskId).toBe(desks.get('guichet-foch'));
    expect(now.version).toBe(dataset.version + 1);
    const revisions = (await send(`/v1/datasets/${dataset.id}/revisions`, 'demo-editor-pasteur')).body
      .items as { number: number; change: string; deskId: string }[];
    expect(revisions.at(-1)).toMatchObject({
      number: now.version,
      change: 'accepted by the desk guichet-foch',
      deskId: desks.get('guichet-foch'),
    });
    // The desk's appointed auditor reads the offer and its acceptance in the desk's audit log.
    const audit = await send(
      `/v1/audit/events?deskId=${desks.get('guichet-foch')}&limit=100`,
      'demo-auditor-evalsante',
    );
    const entries = (audit.body.items as { action: string; subjectId: string }[]).filter(
      (e) => e.subjectId === made.body.id,
    );
    expect(entries.map((e) => e.action)).toEqual(['desk_offer.made', 'desk_offer.accepted']);
    const again = await send(`/v1/desk-offers/${made.body.id}/accept`, 'demo-desk-admin-foch', {
      method: 'POST',
    });
    expect(again.status).toBe(409);
  });

  it('leaves the dataset where it was when the desk declines, with its reason', async () => {
    const dataset = await pasteurDataset('Offre déclinée');
    const made = await offer(dataset.id);
    const declined = await send(`/v1/desk-offers/${made.body.id}/decline`, 'demo-desk-admin-foch', {
      method: 'POST',
      json: { reason: 'Hors du périmètre du guichet.' },
    });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ state: 'declined', reason: 'Hors du périmètre du guichet.' });
    const now = await read(dataset.id);
    expect([now.deskId, now.version]).toEqual([desks.get('guichet-pasteur'), dataset.version]);
    const late = await send(`/v1/desk-offers/${made.body.id}/accept`, 'demo-desk-admin-foch', {
      method: 'POST',
    });
    expect(late.status).toBe(409);
  });

  it('keeps one pending offer per dataset, which its provider may withdraw', async () => {
    const dataset = await pasteurDataset('Offre retirée');
    const made = await offer(dataset.id);
    expect((await offer(dataset.id, 'guichet-roche')).status).toBe(409);
    const byDesk = await send(`/v1/desk-offers/${made.body.id}/withdraw`, 'demo-desk-admin-foch', {
      method: 'POST',
    });
    expect(byDesk.status).toBe(403);
    const withdrawn = await send(`/v1/desk-offers/${made.body.id}/withdraw`, 'demo-editor-pasteur', {
      method: 'POST',
    });
    expect(withdrawn.body.state).toBe('withdrawn');
    expect(
      (await send(`/v1/desk-offers/${made.body.id}/accept`, 'demo-desk-admin-foch', { method: 'POST' }))
        .status,
    ).toBe(409);
    expect((await offer(dataset.id, 'guichet-roche')).status).toBe(201);
  });

  it('accepts at once an offer to the provider’s own desk', async () => {
    const dataset = await pasteurDataset('Retour');
    const left = await send(`/v1/datasets/${dataset.id}`, 'demo-editor-pasteur', {
      method: 'PUT',
      ifMatch: dataset.version,
      json: { descriptor: sampleDescriptor('Retour', { publisher: PASTEUR }), deskId: null },
    });
    expect(left.status).toBe(200);
    const back = await offer(dataset.id, 'guichet-pasteur');
    expect(back.status).toBe(201);
    expect(back.body.state).toBe('accepted');
    expect((await read(dataset.id)).deskId).toBe(desks.get('guichet-pasteur'));
  });

  it('refuses an offer of another provider’s dataset, pointing at it', async () => {
    const dataset = await pasteurDataset('Pas à moi');
    const res = await send('/v1/desk-offers', 'demo-editor-foch', {
      method: 'POST',
      json: { datasetId: dataset.id, deskId: desks.get('guichet-foch') },
    });
    expect(res.status).toBe(400);
    expect(pointersOf(res.body)).toEqual(['/datasetId']);
  });

  it('makes one offer of concurrent copies sent with one Idempotency-Key, inside the key’s transaction', async () => {
    const dataset = await pasteurDataset('Offre rejouée');
    const copies = await Promise.all(
      Array.from({ length: 4 }, () =>
        desk.request('/v1/desk-offers', {
          method: 'POST',
          token: tokens['demo-editor-pasteur']!,
          headers: { 'idempotency-key': 'offre-foch-1' },
          json: { datasetId: dataset.id, deskId: desks.get('guichet-foch') },
        }),
      ),
    );
    expect(copies.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    const ids = await Promise.all(copies.map(async (r) => ((await r.json()) as { id: string }).id));
    expect(new Set(ids).size).toBe(1);
    const listed = await send(`/v1/desk-offers?limit=100`, 'demo-editor-pasteur');
    const mine = (listed.body.items as Offer[]).filter((o) => o.dataset.id === dataset.id);
    expect(mine).toHaveLength(1);
  });
});
