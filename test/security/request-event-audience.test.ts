// Who reads which events of an application: every kind of event in the audience table, against every role,
// through GET /v1/access-requests/{id}/events and the requesting organisation's webhooks.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessRequestEvents, users } from '../../src/db/schema';
import {
  eventShare,
  REQUEST_EVENT_AUDIENCE,
  REQUEST_EVENT_TYPES,
} from '../../src/domain/access-request-events';
import { runPeriodicJobs } from '../../src/services/periodic-jobs';
import { application, type DemoIds, handClock, seededDesk } from '../access-fixtures';
import type { TestDesk } from '../harness';

type Event = { id: string; type: string; actorId: string | null; reason: string | null };

const clock = handClock('2026-03-02T09:00:00Z');
let desk: TestDesk;
let ids: DemoIds;
let receiver: Server;
const delivered: string[] = [];
const requests: string[] = [];
const tokens: Record<string, string> = {};
let deskStaffIds: string[] = [];

const committee = ['demo-desk-admin-pasteur', 'demo-reviewer-pasteur'];
const applicants = ['demo-requester-cesp', 'demo-researcher-cesp'];
// Not parties to the applications: another provider's editor, the reviewer of another desk, the partner
// appointed to audit this desk (who reads its audit log, not its applications), and a platform admin.
const outsiders = ['demo-editor-foch', 'demo-reviewer-foch', 'demo-auditor-auditnum', 'demo-admin'];
const rationales = (subject: string) => `Note réservée au comité de ${subject}`;

async function call(
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
  if (res.status >= 300)
    throw new Error(`${init.method ?? 'GET'} ${path} as ${who}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string; state: string; version: number };
}

async function draft(durationMonths = 12) {
  const body = {
    application: application({}, { durationMonths }),
    datasetIds: [ids.dataset('COVID-19')],
    team: ['demo-researcher-cesp'],
  };
  const created = await call('/v1/access-requests', 'demo-requester-cesp', {
    method: 'POST',
    json: { ...body, deskId: ids.desks.get('guichet-pasteur') },
  });
  requests.push(created.id);
  return { ...created, body };
}

const act = (id: string, action: string, who: string, json?: unknown) =>
  call(`/v1/access-requests/${id}/${action}`, who, { method: 'POST', ...(json ? { json } : {}) });

async function vote(id: string, choice: 'approve' | 'reject') {
  for (const reviewer of ['demo-reviewer-pasteur', 'demo-reviewer2-pasteur'])
    await act(id, 'votes', reviewer, { choice, rationale: rationales(reviewer) });
}

beforeAll(async () => {
  ({ desk, ids } = await seededDesk(clock));
  for (const s of [...committee, ...applicants, ...outsiders, 'demo-reviewer2-pasteur'])
    tokens[s] = await desk.token(s);
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      delivered.push(body);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  await call(`/v1/organizations/${ids.orgs.get('equipe-cesp')}/webhooks`, 'demo-requester-cesp', {
    method: 'POST',
    json: { url },
  });

  // Edited, sent back for changes, resubmitted, approved by the reviewers' votes, then revoked.
  const revoked = await draft();
  await call(`/v1/access-requests/${revoked.id}`, 'demo-requester-cesp', {
    method: 'PUT',
    json: revoked.body,
    ifMatch: 1,
  });
  await act(revoked.id, 'submit', 'demo-requester-cesp');
  await act(revoked.id, 'start-review', 'demo-desk-admin-pasteur');
  const sentBack = await act(revoked.id, 'request-changes', 'demo-desk-admin-pasteur', {
    reason: 'Précisez la durée de conservation.',
  });
  await call(`/v1/access-requests/${revoked.id}`, 'demo-requester-cesp', {
    method: 'PUT',
    json: revoked.body,
    ifMatch: sentBack.version,
  });
  await act(revoked.id, 'submit', 'demo-requester-cesp');
  await vote(revoked.id, 'approve');
  await act(revoked.id, 'revoke', 'demo-desk-admin-pasteur', { reason: 'Convention non respectée.' });
  // Rejected by the reviewers; withdrawn by the requester; approved for three months, then expired.
  const rejected = await draft();
  await act(rejected.id, 'submit', 'demo-requester-cesp');
  await vote(rejected.id, 'reject');
  const withdrawn = await draft();
  await act(withdrawn.id, 'submit', 'demo-requester-cesp');
  await act(withdrawn.id, 'withdraw', 'demo-requester-cesp', { reason: 'Projet abandonné.' });
  const expiring = await draft(3);
  await act(expiring.id, 'submit', 'demo-requester-cesp');
  await vote(expiring.id, 'approve');
  clock.set('2026-07-01T09:00:00Z');
  await runPeriodicJobs(desk.services);
  await runPeriodicJobs(desk.services);

  deskStaffIds = (
    await desk.services.db
      .select({ id: users.id })
      .from(users)
      .where(inArray(users.subject, [...committee, 'demo-reviewer2-pasteur']))
  ).map((u) => u.id);
});
afterAll(async () => {
  await new Promise((r) => receiver.close(r));
  await desk.close();
});

/** Every event of the suite's applications, as stored. */
const stored = () =>
  desk.services.db.select().from(accessRequestEvents).where(inArray(accessRequestEvents.requestId, requests));

async function readAs(who: string): Promise<Event[]> {
  const all: Event[] = [];
  for (const id of requests) {
    const res = await desk.request(`/v1/access-requests/${id}/events`, { token: tokens[who]! });
    expect(res.status).toBe(200);
    all.push(...((await res.json()) as { items: Event[] }).items);
  }
  return all;
}

describe('the audience of access-request events', () => {
  it('has an audience for every kind of event the applications went through, and exercises each kind', async () => {
    const kinds = new Set((await stored()).map((e) => e.type));
    expect([...kinds].sort()).toEqual([...REQUEST_EVENT_TYPES].sort());
    expect(Object.keys(REQUEST_EVENT_AUDIENCE).sort()).toEqual([...REQUEST_EVENT_TYPES].sort());
  });

  it.each(committee)('shows %s (the committee) every event whole', async (who) => {
    const seen = await readAs(who);
    const rows = await stored();
    for (const type of REQUEST_EVENT_TYPES) {
      const expected = rows.filter((e) => e.type === type);
      expect(eventShare(type, 'committee', false), type).toBe('whole');
      expect(
        seen.filter((e) => e.type === type).map((e) => [e.id, e.actorId, e.reason]),
        type,
      ).toEqual(expect.arrayContaining(expected.map((e) => [e.id, e.actorId, e.reason])));
      expect(seen.filter((e) => e.type === type)).toHaveLength(expected.length);
    }
  });

  it.each(applicants)('shows %s each kind as the table says, never a vote nor a desk member', async (who) => {
    const seen = await readAs(who);
    const rows = await stored();
    for (const type of REQUEST_EVENT_TYPES) {
      const share = eventShare(type, 'applicants', false);
      const expected = share === 'none' ? [] : rows.filter((e) => e.type === type);
      const got = seen.filter((e) => e.type === type);
      expect(got.map((e) => e.id).sort(), `${type} (${share})`).toEqual(expected.map((e) => e.id).sort());
      for (const e of got) {
        const row = expected.find((r) => r.id === e.id)!;
        expect(e.actorId, type).toBe(share === 'whole' ? row.actorId : null);
        expect(e.reason, type).toBe(row.reason);
      }
    }
    // Whatever the table says, the default policy keeps votes, rationales and reviewers from applicants.
    const text = JSON.stringify(seen);
    expect(seen.some((e) => e.type === 'vote_cast')).toBe(false);
    for (const reviewer of ['demo-reviewer-pasteur', 'demo-reviewer2-pasteur'])
      expect(text).not.toContain(rationales(reviewer));
    for (const id of deskStaffIds) expect(text).not.toContain(id);
  });

  it.each(applicants)('gives %s the application without its votes', async (who) => {
    for (const id of requests) {
      const res = await desk.request(`/v1/access-requests/${id}`, { token: tokens[who]! });
      expect(((await res.json()) as { votes: unknown }).votes).toBeNull();
    }
  });

  it.each(outsiders)('answers 404 to %s for the events of every application', async (who) => {
    for (const id of requests) {
      const res = await desk.request(`/v1/access-requests/${id}/events`, { token: tokens[who]! });
      expect(res.status).toBe(404);
    }
  });

  it('sends the requesting organisation’s webhooks the kinds its applicants read, and no vote', async () => {
    const received = delivered.map((b) => JSON.parse(b) as { type: string });
    for (const type of REQUEST_EVENT_TYPES) {
      const applicantsRead = eventShare(type, 'applicants', false) !== 'none';
      expect(
        received.some((e) => e.type === `access_request.${type}`),
        type,
      ).toBe(applicantsRead);
    }
    const text = delivered.join('\n');
    for (const reviewer of ['demo-reviewer-pasteur', 'demo-reviewer2-pasteur'])
      expect(text).not.toContain(rationales(reviewer));
    for (const id of deskStaffIds) expect(text).not.toContain(id);
  });
});
