// Platform administration in the console: organisations, their members (invite, change a role, remove),
// their webhooks (create, test event through the dispatcher to a local receiver, delivery log, stop), and
// the signing keys (history, rotation behind a confirmation). Platform admins only; every post CSRF-checked.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeSigningKey, keyHistory } from '../../src/services/signing-keys';
import { dispatchWebhooks } from '../../src/services/webhooks';
import { createTestDesk, type TestDesk } from '../harness';
import { ConsoleClient, textOf } from './console-client';

let desk: TestDesk;
let server: Server;
let receiverUrl: string;
const received: string[] = [];

beforeAll(async () => {
  desk = await createTestDesk();
  await desk.seed();
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      received.push((JSON.parse(body) as { type: string }).type);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/phoenix`;
});
afterAll(async () => {
  await desk?.close();
  await new Promise((r) => server.close(r));
});

async function as(subject: string, lang: 'fr' | 'en' = 'fr') {
  const client = new ConsoleClient(desk);
  await client.signIn(subject, lang);
  return client;
}

/** Creates an organisation through its form and returns the path of its page. */
async function createOrganization(admin: ConsoleClient, slug: string, kind = 'provider'): Promise<string> {
  await admin.get('/fr/admin/organizations');
  const created = await admin.post('/fr/admin/organizations', {
    '/name': `Organisation ${slug}`,
    '/slug': slug,
    '/kind': kind,
    '/homepage': '',
  });
  expect(created.status).toBe(303);
  return created.location!.replace(/\?.*$/, '');
}

describe('who may administer', () => {
  it('sends a visitor to sign in and refuses anyone but a platform admin', async () => {
    const visitor = await new ConsoleClient(desk).get('/fr/admin/organizations');
    expect(visitor.status).toBe(303);
    expect(visitor.location).toBe('/fr/sign-in?next=%2Ffr%2Fadmin%2Forganizations');
    const editor = await as('demo-editor-foch');
    for (const path of ['/fr/admin/organizations', '/en/admin/keys', '/fr/admin/keys/rotate']) {
      const page = await editor.get(path);
      expect(page.status, path).toBe(403);
      expect(textOf(page.html)).toContain(path.startsWith('/en') ? 'Access denied' : 'Accès refusé');
    }
    expect(textOf((await editor.get('/fr')).html)).not.toContain('Administration');
    await editor.get('/fr');
    expect((await editor.post('/fr/admin/keys/rotate', {})).status).toBe(403);
    const admin = await as('demo-admin');
    const home = await admin.get('/fr');
    expect(home.html).toContain('href="/fr/admin/organizations"');
    expect(textOf(home.html)).toContain('Administration');
    const root = await admin.get('/en/admin');
    expect(root.status).toBe(303);
    expect(root.location).toBe('/en/admin/organizations');
  });
});

describe('organisations', () => {
  it('lists the organisations and creates one, a mistake shown at its field with the values kept', async () => {
    const admin = await as('demo-admin');
    const list = await admin.get('/fr/admin/organizations');
    expect(list.status).toBe(200);
    expect(textOf(list.html)).toContain('Hôpital Foch');
    // An organisation's members with the names the desk knows.
    const foch = /href="(\/fr\/admin\/organizations\/[0-9a-f-]{36})">Hôpital Foch/.exec(list.html)![1]!;
    expect(textOf((await admin.get(foch)).html)).toContain('demo-editor-foch Sophie Dubois');
    const refused = await admin.post('/fr/admin/organizations', {
      '/name': 'CHU de Bordeaux',
      '/slug': 'CHU Bordeaux',
      '/kind': 'provider',
      '/homepage': 'pas une adresse',
    });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('href="#field-slug"');
    expect(refused.html).toContain('href="#field-homepage"');
    expect(refused.html).toMatch(/id="field-slug-error"[^>]*>lettres minuscules/);
    expect(refused.html).toContain('value="CHU de Bordeaux"');
    expect(refused.html).toContain('aria-invalid="true"');
    const created = await admin.post('/fr/admin/organizations', {
      '/name': 'CHU de Bordeaux',
      '/slug': 'chu-bordeaux',
      '/kind': 'provider',
      '/homepage': 'https://www.chu-bordeaux.fr',
    });
    expect(created.status).toBe(303);
    expect(created.location).toMatch(/^\/fr\/admin\/organizations\/[0-9a-f-]{36}\?created$/);
    const page = await admin.get(created.location!);
    expect(textOf(page.html)).toContain('Organisation créée.');
    expect(textOf(page.html)).toContain('CHU de Bordeaux');
    expect(textOf(page.html)).toContain('fournisseur de données');
    // The same slug again: a conflict, said at the slug.
    await admin.get('/fr/admin/organizations');
    const again = await admin.post('/fr/admin/organizations', {
      '/name': 'Autre',
      '/slug': 'chu-bordeaux',
      '/kind': 'partner',
      '/homepage': '',
    });
    expect(again.status).toBe(409);
    expect(again.html).toMatch(/id="field-slug-error"[^>]*>déjà pris/);
  });
});

describe('members', () => {
  it('invites, changes a role and removes after confirmation; the person’s roles follow', async () => {
    const admin = await as('demo-admin');
    const orgPath = await createOrganization(admin, 'chu-membres');
    await admin.get(orgPath);
    const invited = await admin.post(`${orgPath}/members`, { '/subject': 'elise', '/role': 'editor' });
    expect(invited.status).toBe(303);
    let page = await admin.get(invited.location!);
    expect(textOf(page.html)).toContain('Rôle donné.');
    expect(textOf(page.html)).toContain('elise');
    expect(textOf(page.html)).toContain('éditeur (editor)');
    const membershipId = /\/members\/([0-9a-f-]{36})\/role/.exec(page.html)![1]!;

    const elise = await as('elise');
    expect((await elise.get('/fr')).html).toContain('href="/fr/my/datasets"');
    // No name known for a subject the identity provider has not described.
    expect(textOf(page.html)).toMatch(/elise non connu éditeur \(editor\)/);

    // A role the kind of organisation does not offer: refused at that member's field.
    const pointer = `/members/${membershipId}/role`;
    const misfit = await admin.post(`${orgPath}/members/${membershipId}/role`, { [pointer]: 'requester' });
    expect(misfit.status).toBe(400);
    expect(misfit.html).toContain(`href="#field-members-${membershipId}-role"`);
    await admin.get(orgPath);
    const changed = await admin.post(`${orgPath}/members/${membershipId}/role`, { [pointer]: 'reviewer' });
    expect(changed.status).toBe(303);
    page = await admin.get(changed.location!);
    expect(textOf(page.html)).toContain('Rôle changé.');
    expect(textOf(page.html)).toContain('rapporteur (reviewer)');
    expect((await elise.get('/fr')).html).not.toContain('href="/fr/my/datasets"');

    const confirm = await admin.get(`${orgPath}/members/${membershipId}/remove`);
    expect(confirm.status).toBe(200);
    expect(textOf(confirm.html)).toContain('Retirer elise de Organisation chu-membres');
    expect(confirm.html).toContain(`href="${orgPath}"`);
    const removed = await admin.post(`${orgPath}/members/${membershipId}/remove`, {});
    expect(removed.status).toBe(303);
    page = await admin.get(removed.location!);
    expect(textOf(page.html)).toContain('Membre retiré.');
    expect(textOf(page.html)).toContain('Aucun membre');
    const members = await desk.request(`${orgPath.replace('/fr/admin', '/v1')}/members`, {
      token: await desk.token('demo-admin'),
    });
    expect(((await members.json()) as { items: unknown[] }).items).toEqual([]);
  });

  it('offers no role change where the kind of organisation has one role, and 404s an unknown one', async () => {
    const admin = await as('demo-admin');
    const orgPath = await createOrganization(admin, 'equipe-un-role', 'research');
    let page = await admin.get(orgPath);
    const invited = await admin.post(`${orgPath}/members`, { '/subject': 'fanny', '/role': 'requester' });
    expect(invited.status).toBe(303);
    page = await admin.get(orgPath);
    expect(textOf(page.html)).toContain('fanny non connu demandeur (requester)');
    expect(page.html).not.toMatch(/\/members\/[0-9a-f-]{36}\/role/);
    expect(page.html).toMatch(/\/members\/[0-9a-f-]{36}\/remove/);
    const missing = await admin.get('/fr/admin/organizations/01936c5e-8a2b-7c3d-9e4f-0a1b2c3d4e5f');
    expect(missing.status).toBe(404);
  });
});

describe('webhooks', () => {
  it('creates a subscription (secret shown once), sends a test event the dispatcher delivers, logs it, stops it', async () => {
    const admin = await as('demo-admin', 'en');
    const orgPath = (await createOrganization(admin, 'chu-webhooks')).replace('/fr/', '/en/');
    await admin.get(orgPath);
    const wrong = await admin.post(`${orgPath}/webhooks`, { '/url': 'ftp:/nope', '/eventTypes': 'Bad Type' });
    expect(wrong.status).toBe(400);
    expect(wrong.html).toContain('href="#field-url"');
    expect(wrong.html).toContain('href="#field-eventTypes"');
    expect(wrong.html).toContain('value="Bad Type"');

    const created = await admin.post(`${orgPath}/webhooks`, {
      '/url': receiverUrl,
      '/eventTypes': 'access_request.approved, grant.revoked',
    });
    expect(created.status).toBe(303);
    expect(created.location).not.toContain('whsec_');
    let page = await admin.get(created.location!);
    expect(textOf(page.html)).toContain('Subscription created.');
    expect(page.html).toMatch(/whsec_[0-9a-f]{64}/);
    expect(textOf(page.html)).toContain('access_request.approved');
    // Shown once.
    page = await admin.get(orgPath);
    expect(page.html).not.toContain('whsec_');
    expect(textOf(page.html)).toContain('No delivery yet.');
    const webhookId = /\/webhooks\/([0-9a-f-]{36})\/test/.exec(page.html)![1]!;

    const tested = await admin.post(`${orgPath}/webhooks/${webhookId}/test`, {});
    expect(tested.status).toBe(303);
    expect(textOf((await admin.get(tested.location!)).html)).toContain('Test event queued');
    const report = await dispatchWebhooks(desk.services);
    expect(report.delivered).toBe(1);
    expect(received).toEqual(['webhook.test']);
    page = await admin.get(orgPath);
    const log = textOf(page.html);
    expect(log).toContain(`Delivery log of ${receiverUrl}`);
    expect(log).toMatch(/webhook\.test delivered 1 HTTP 204/);

    const confirm = await admin.get(`${orgPath}/webhooks/${webhookId}/delete`);
    expect(confirm.status).toBe(200);
    expect(textOf(confirm.html)).toContain(`Stop the subscription ${receiverUrl}`);
    const stopped = await admin.post(`${orgPath}/webhooks/${webhookId}/delete`, {});
    expect(stopped.status).toBe(303);
    page = await admin.get(stopped.location!);
    expect(textOf(page.html)).toContain('Subscription stopped.');
    expect(textOf(page.html)).toContain('stopped');
    expect(page.html).not.toContain(`/webhooks/${webhookId}/test`);
    // The log stays.
    expect(textOf(page.html)).toContain('webhook.test');
  });
});

describe('signing keys', () => {
  it('shows the history and rotates after a confirmation, naming the new key', async () => {
    const before = (await activeSigningKey(desk.services)).kid;
    const admin = await as('demo-admin');
    const keys = await admin.get('/fr/admin/keys');
    expect(keys.status).toBe(200);
    expect(textOf(keys.html)).toContain(before);
    expect(textOf(keys.html)).toContain('ES256');
    const confirm = await admin.get('/fr/admin/keys/rotate');
    expect(textOf(confirm.html)).toContain(`La clé active aujourd’hui (${before}) est retirée`);
    const rotated = await admin.post('/fr/admin/keys/rotate', {});
    expect(rotated.status).toBe(303);
    const { periods } = await keyHistory(desk.services);
    const now = periods.find((k) => k.until === null)!.kid;
    expect(now).not.toBe(before);
    expect(rotated.location).toBe(`/fr/admin/keys?rotated=${now}`);
    const page = await admin.get(rotated.location!);
    const text = textOf(page.html);
    expect(text).toMatch(new RegExp(`Clés renouvelées\\s:\\sla nouvelle clé active est ${now}\\.`));
    expect(text).toContain(before);
    expect(text).toContain(now);
    expect(text).toMatch(new RegExp(`${now} ES256 .+ active`));
  });

  it('refuses a rotation posted without the form’s token or from another site', async () => {
    const admin = await as('demo-admin');
    const count = (await keyHistory(desk.services)).periods.length;
    await admin.get('/fr/admin/keys/rotate');
    expect((await admin.post('/fr/admin/keys/rotate', {}, { csrf: 'forged' })).status).toBe(403);
    expect((await admin.post('/fr/admin/keys/rotate', {}, { origin: 'https://evil.example' })).status).toBe(
      403,
    );
    expect((await keyHistory(desk.services)).periods).toHaveLength(count);
  });
});
