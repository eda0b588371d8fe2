// A desk's admins run their desk through the API: its policy, deadline and contact point under If-Match,
// and its reviewers; nobody else may, and every change is in the audit log.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../src/db/schema';
import { type DemoIds, draftApplication, seededDesk } from '../access-fixtures';
import type { TestDesk } from '../harness';

let desk: TestDesk;
let ids: DemoIds;
let pasteurDesk: string;

beforeAll(async () => {
  ({ desk, ids } = await seededDesk());
  pasteurDesk = ids.desks.get('guichet-pasteur')!;
});
afterAll(() => desk?.close());

async function call(path: string, subject: string | undefined, init: RequestInit & { json?: unknown } = {}) {
  const res = await desk.request(path, { ...init, ...(subject ? { token: await desk.token(subject) } : {}) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

async function auditedActions(subjectId: string) {
  const audit = await call(`/v1/audit/events?deskId=${pasteurDesk}&limit=100`, 'demo-admin');
  expect(audit.status).toBe(200);
  return (
    audit.body.items as { action: string; subjectId: string; payload?: Record<string, unknown> }[]
  ).filter((e) => e.subjectId === subjectId);
}

describe('desk settings', () => {
  it('lets the desk admin change the policy, deadline and contact point under If-Match, audited', async () => {
    const before = await call(`/v1/desks/${pasteurDesk}`, undefined);
    const etag = before.headers.get('etag')!;
    const missing = await call(`/v1/desks/${pasteurDesk}`, 'demo-desk-admin-pasteur', {
      method: 'PATCH',
      json: { decisionDeadlineDays: 45 },
    });
    expect(missing.status).toBe(428);
    const changed = await call(`/v1/desks/${pasteurDesk}`, 'demo-desk-admin-pasteur', {
      method: 'PATCH',
      headers: { 'if-match': etag },
      json: { policy: 'strict-sensitive', decisionDeadlineDays: 45, contactEmail: 'guichet@pasteur.example' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      policy: 'strict-sensitive',
      decisionDeadlineDays: 45,
      contactEmail: 'guichet@pasteur.example',
      version: before.body.version + 1,
    });
    expect(changed.headers.get('etag')).toBe(`"${before.body.version + 1}"`);
    const stale = await call(`/v1/desks/${pasteurDesk}`, 'demo-desk-admin-pasteur', {
      method: 'PATCH',
      headers: { 'if-match': etag },
      json: { decisionDeadlineDays: 20 },
    });
    expect(stale.status).toBe(412);
    const entries = await auditedActions(pasteurDesk);
    expect(entries.filter((e) => e.action === 'desk.updated')).toHaveLength(1);
    // Back to the default policy, the contact point removed.
    const back = await call(`/v1/desks/${pasteurDesk}`, 'demo-desk-admin-pasteur', {
      method: 'PATCH',
      headers: { 'if-match': changed.headers.get('etag')! },
      json: { policy: 'default', decisionDeadlineDays: 30, contactEmail: null },
    });
    expect(back.body).toMatchObject({ policy: 'default', contactEmail: null });
  });

  it('names the fields it refuses with their pointers', async () => {
    const etag = (await call(`/v1/desks/${pasteurDesk}`, undefined)).headers.get('etag')!;
    const bad = await call(`/v1/desks/${pasteurDesk}`, 'demo-desk-admin-pasteur', {
      method: 'PATCH',
      headers: { 'if-match': etag },
      json: { policy: 'no-such-policy', decisionDeadlineDays: 0, contactEmail: 'nope' },
    });
    expect(bad.status).toBe(400);
    const pointers = (bad.body.violations as { pointer: string }[]).map((v) => v.pointer).sort();
    expect(pointers).toEqual(['/contactEmail', '/decisionDeadlineDays']);
    const unknownPolicy = await call(`/v1/desks/${pasteurDesk}`, 'demo-desk-admin-pasteur', {
      method: 'PATCH',
      headers: { 'if-match': etag },
      json: { policy: 'no-such-policy' },
    });
    expect(unknownPolicy.status).toBe(400);
    expect(unknownPolicy.body.violations).toEqual([expect.objectContaining({ pointer: '/policy' })]);
  });

  it('refuses another desk’s admin and a reviewer', async () => {
    const etag = (await call(`/v1/desks/${pasteurDesk}`, undefined)).headers.get('etag')!;
    for (const subject of ['demo-desk-admin-foch', 'demo-reviewer-pasteur']) {
      const res = await call(`/v1/desks/${pasteurDesk}`, subject, {
        method: 'PATCH',
        headers: { 'if-match': etag },
        json: { decisionDeadlineDays: 10 },
      });
      expect(res.status, subject).toBe(403);
      expect((await call(`/v1/desks/${pasteurDesk}/reviewers`, subject)).status, subject).toBe(403);
      const add = await call(`/v1/desks/${pasteurDesk}/reviewers`, subject, {
        method: 'POST',
        json: { subject: 'demo-editor-pasteur' },
      });
      expect(add.status, subject).toBe(403);
    }
    expect((await call(`/v1/desks/${pasteurDesk}`, undefined, { method: 'PATCH', json: {} })).status).toBe(
      401,
    );
    const unknown = await call(
      '/v1/desks/01936c5e-8a2b-7c3d-9e4f-0a1b2c3d4e5f/reviewers',
      'demo-desk-admin-pasteur',
    );
    expect(unknown.status).toBe(404);
  });
});

describe('desk reviewers', () => {
  it('adds and removes a reviewer, which decides who may vote, audited', async () => {
    const listed = await call(`/v1/desks/${pasteurDesk}/reviewers`, 'demo-desk-admin-pasteur');
    expect(listed.status).toBe(200);
    expect((listed.body.items as { subject: string }[]).map((r) => r.subject)).toEqual([
      'demo-reviewer-pasteur',
      'demo-reviewer2-pasteur',
    ]);
    const app = await draftApplication(desk, ids, { submit: true });
    const vote = () =>
      call(`/v1/access-requests/${app}/votes`, 'demo-editor-pasteur', {
        method: 'POST',
        json: { choice: 'abstain', rationale: 'Not my field.' },
      });
    expect((await vote()).status).toBe(404);

    const added = await call(`/v1/desks/${pasteurDesk}/reviewers`, 'demo-desk-admin-pasteur', {
      method: 'POST',
      json: { subject: 'demo-editor-pasteur' },
    });
    expect(added.status).toBe(201);
    expect(added.body.subject).toBe('demo-editor-pasteur');
    const again = await call(`/v1/desks/${pasteurDesk}/reviewers`, 'demo-desk-admin-pasteur', {
      method: 'POST',
      json: { subject: 'demo-editor-pasteur' },
    });
    expect(again.status).toBe(409);
    expect((await vote()).status).toBeLessThan(300);

    const removed = await call(
      `/v1/desks/${pasteurDesk}/reviewers/${added.body.userId}`,
      'demo-desk-admin-pasteur',
      { method: 'DELETE' },
    );
    expect(removed.status).toBe(204);
    const gone = await call(
      `/v1/desks/${pasteurDesk}/reviewers/${added.body.userId}`,
      'demo-desk-admin-pasteur',
      {
        method: 'DELETE',
      },
    );
    expect(gone.status).toBe(404);
    expect((await vote()).status).toBe(404);

    const operator = ids.orgs.get('institut-pasteur')!;
    const actions = (await auditedActions(operator)).map((e) => e.action);
    expect(actions.filter((a) => a === 'membership.created')).toHaveLength(1);
    expect(actions.filter((a) => a === 'membership.removed')).toHaveLength(1);
  });

  it('adds only people known to the desk, and removes no other role', async () => {
    const unknown = await call(`/v1/desks/${pasteurDesk}/reviewers`, 'demo-desk-admin-pasteur', {
      method: 'POST',
      json: { subject: 'nobody-we-know' },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.violations).toEqual([expect.objectContaining({ pointer: '/subject' })]);
    const empty = await call(`/v1/desks/${pasteurDesk}/reviewers`, 'demo-desk-admin-pasteur', {
      method: 'POST',
      json: { subject: '' },
    });
    expect(empty.status).toBe(400);
    expect(empty.body.violations).toEqual([expect.objectContaining({ pointer: '/subject' })]);
    // The desk admin's own desk_admin membership is not a reviewer membership: nothing to remove.
    const [me] = await desk.services.db
      .select()
      .from(users)
      .where(eq(users.subject, 'demo-desk-admin-pasteur'));
    const self = await call(`/v1/desks/${pasteurDesk}/reviewers/${me!.id}`, 'demo-desk-admin-pasteur', {
      method: 'DELETE',
    });
    expect(self.status).toBe(404);
  });
});
