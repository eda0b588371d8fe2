import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/db/schema';
import { sampleDescriptor } from '../fixtures-descriptor';
import { createTestDesk, type TestDesk } from '../harness';

let desk: TestDesk;
let admin: string;

beforeAll(async () => {
  desk = await createTestDesk();
  await desk.seed();
  admin = await desk.token('demo-admin');
});
afterAll(() => desk.close());

describe('organisations and memberships', () => {
  it('lets a platform admin create a provider and make a user its editor, who can then publish', async () => {
    const org = await desk.request('/v1/organizations', {
      method: 'POST',
      token: admin,
      json: { slug: 'chu-exemple', name: 'CHU Exemple', kind: 'provider' },
    });
    expect(org.status).toBe(201);
    const { id } = (await org.json()) as { id: string };
    const member = await desk.request(`/v1/organizations/${id}/members`, {
      method: 'POST',
      token: admin,
      json: { subject: 'alice', role: 'editor' },
    });
    expect(member.status).toBe(201);
    const alice = await desk.token('alice');
    const created = await desk.request('/v1/datasets', {
      method: 'POST',
      token: alice,
      json: { providerId: id, descriptor: sampleDescriptor('CHU', { publisher: { name: 'CHU Exemple' } }) },
    });
    expect(created.status).toBe(201);
    const members = await desk.request(`/v1/organizations/${id}/members`, { token: alice });
    const { items } = (await members.json()) as { items: { subject: string; role: string }[] };
    expect(items).toEqual([expect.objectContaining({ subject: 'alice', role: 'editor' })]);
  });

  it('refuses a role that does not fit the organisation kind', async () => {
    const orgs = (await (await desk.request('/v1/organizations')).json()) as {
      items: { id: string; slug: string }[];
    };
    const cesp = orgs.items.find((o) => o.slug === 'equipe-cesp')!;
    const res = await desk.request(`/v1/organizations/${cesp.id}/members`, {
      method: 'POST',
      token: admin,
      json: { subject: 'bob', role: 'editor' },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { violations: { pointer: string }[] }).violations[0]!.pointer).toBe(
      '/role',
    );
  });

  it('refuses organisation management to anyone but platform admins', async () => {
    const res = await desk.request('/v1/organizations', {
      method: 'POST',
      token: await desk.token('demo-desk-admin-foch'),
      json: { slug: 'nope', name: 'Nope', kind: 'partner' },
    });
    expect(res.status).toBe(403);
    const anonymous = await desk.request('/v1/organizations', {
      method: 'POST',
      json: { slug: 'nope', name: 'Nope', kind: 'partner' },
    });
    expect(anonymous.status).toBe(401);
  });

  it('refuses a duplicate slug with 409', async () => {
    const res = await desk.request('/v1/organizations', {
      method: 'POST',
      token: admin,
      json: { slug: 'medicen', name: 'Again', kind: 'partner' },
    });
    expect(res.status).toBe(409);
  });
});

describe('changing a member’s role', () => {
  async function providerWithEditor(slug: string, subject: string) {
    const org = await desk.request('/v1/organizations', {
      method: 'POST',
      token: admin,
      json: { slug, name: slug, kind: 'provider' },
    });
    const { id } = (await org.json()) as { id: string };
    const member = await desk.request(`/v1/organizations/${id}/members`, {
      method: 'POST',
      token: admin,
      json: { subject, role: 'editor' },
    });
    return { orgId: id, membership: (await member.json()) as { id: string } };
  }

  it('changes the role in one step, keeps the membership, audits it, and the person’s rights follow', async () => {
    const { orgId, membership } = await providerWithEditor('chu-role-change', 'carole');
    const res = await desk.request(`/v1/organizations/${orgId}/members/${membership.id}`, {
      method: 'PATCH',
      token: admin,
      json: { role: 'reviewer' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: membership.id, subject: 'carole', role: 'reviewer' });
    const carole = await desk.token('carole');
    const members = (await (
      await desk.request(`/v1/organizations/${orgId}/members`, { token: carole })
    ).json()) as { items: { role: string }[] };
    expect(members.items.map((m) => m.role)).toEqual(['reviewer']);
    // No longer an editor: publishing is refused.
    const publish = await desk.request('/v1/datasets', {
      method: 'POST',
      token: carole,
      json: { providerId: orgId, descriptor: sampleDescriptor('CHU') },
    });
    expect(publish.status).toBe(403);
    const audited = await desk.services.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'membership.role_changed'));
    expect(audited.map((a) => a.payload)).toContainEqual(
      expect.objectContaining({ membershipId: membership.id, from: 'editor', to: 'reviewer' }),
    );
  });

  it('refuses a role the organisation kind does not offer, a role already held, and non-admins', async () => {
    const { orgId, membership } = await providerWithEditor('chu-role-refusals', 'damien');
    const path = `/v1/organizations/${orgId}/members/${membership.id}`;
    const misfit = await desk.request(path, { method: 'PATCH', token: admin, json: { role: 'requester' } });
    expect(misfit.status).toBe(400);
    expect(((await misfit.json()) as { violations: { pointer: string }[] }).violations[0]!.pointer).toBe(
      '/role',
    );
    await desk.request(`/v1/organizations/${orgId}/members`, {
      method: 'POST',
      token: admin,
      json: { subject: 'damien', role: 'reviewer' },
    });
    const clash = await desk.request(path, { method: 'PATCH', token: admin, json: { role: 'reviewer' } });
    expect(clash.status).toBe(409);
    const same = await desk.request(path, { method: 'PATCH', token: admin, json: { role: 'editor' } });
    expect(same.status).toBe(200);
    const other = await desk.request(path, {
      method: 'PATCH',
      token: await desk.token('demo-desk-admin-foch'),
      json: { role: 'desk_admin' },
    });
    expect(other.status).toBe(403);
    const missing = await desk.request(
      `/v1/organizations/${orgId}/members/01936c5e-8a2b-7c3d-9e4f-0a1b2c3d4e5f`,
      { method: 'PATCH', token: admin, json: { role: 'reviewer' } },
    );
    expect(missing.status).toBe(404);
  });
});

describe('service routes', () => {
  it('reports health and the database', async () => {
    const res = await desk.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: 'ok' });
  });

  it('documents every route in OpenAPI 3.1 with its errors', async () => {
    const doc = (await (await desk.request('/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    for (const path of [
      '/v1/datasets',
      '/v1/datasets/{id}',
      '/v1/catalog',
      '/v1/organizations/{id}/members',
      '/v1/audit/verify',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (path === '/healthz' || path === '/.well-known/jwks.json') continue;
      for (const [method, op] of Object.entries(ops)) {
        expect(
          Object.keys(op.responses).some((s) => s.startsWith('4')),
          `${method} ${path}`,
        ).toBe(true);
      }
    }
    const docs = await desk.request('/docs');
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('/openapi.json');
  });

  it('serves the descriptor JSON Schema', async () => {
    const res = await desk.request('/v1/schemas/dataset-descriptor');
    expect(res.status).toBe(200);
    const schema = (await res.json()) as { $schema: string; required: string[] };
    expect(schema.$schema).toContain('2020-12');
    expect(schema.required).toContain('title');
  });
});
