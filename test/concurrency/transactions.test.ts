// Many transactions at once, some failing half-way: nothing partial may remain, and the audit chain holds.
// On PostgreSQL (PHOENIX_TEST_DATABASE_URL) this runs over a real connection pool.
import { count, eq, like } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, organizations, outbox } from '../../src/db/schema';
import { inTransaction } from '../../src/db/unit-of-work';
import { fail, succeed } from '../../src/domain/problem';
import { verifyAuditTrail } from '../../src/services/audit-trail';
import { sampleDescriptor } from '../fixtures-descriptor';
import { createTestDesk, type TestDesk } from '../harness';

let desk: TestDesk;
let orgs: Map<string, string>;

beforeAll(async () => {
  desk = await createTestDesk();
  orgs = await desk.seed();
});
afterAll(() => desk.close());

const countWhere = async (prefix: string) =>
  (
    await desk.services.db
      .select({ n: count() })
      .from(organizations)
      .where(like(organizations.slug, `${prefix}%`))
  )[0]!.n;

describe('concurrent transactions', () => {
  it('leave no partial writes when some fail half-way, by error or by failed outcome', async () => {
    const auditBefore = (await desk.services.db.select({ n: count() }).from(auditEvents))[0]!.n;
    const N = 60;
    const results = await Promise.allSettled(
      Array.from({ length: N }, (_, i) =>
        inTransaction(
          desk.services.db,
          null,
          () => new Date(),
          async ({ tx, audit }) => {
            const id = uuidv7();
            await tx
              .insert(organizations)
              .values({ id, slug: `conc-${i}`, name: `Concurrent ${i}`, kind: 'partner' });
            audit({ action: 'organization.created', subjectType: 'organization', subjectId: id });
            // Give other transactions a chance to interleave between the two writes.
            await new Promise((r) => setTimeout(r, i % 7));
            await tx
              .update(organizations)
              .set({ name: `Concurrent ${i} (renamed)` })
              .where(eq(organizations.id, id));
            if (i % 3 === 1) throw new Error(`crash in transaction ${i}`);
            if (i % 3 === 2) return fail('conflict', `refused in transaction ${i}`);
            return succeed(id);
          },
        ),
      ),
    );
    const committed = results.filter((r) => r.status === 'fulfilled' && r.value.ok).length;
    const crashed = results.filter((r) => r.status === 'rejected').length;
    expect(committed).toBe(N / 3);
    expect(crashed).toBe(N / 3);
    expect(await countWhere('conc-')).toBe(committed);
    const survivors = await desk.services.db
      .select()
      .from(organizations)
      .where(like(organizations.slug, 'conc-%'));
    expect(survivors.every((o) => Number(o.slug.slice(5)) % 3 === 0 && o.name.endsWith('(renamed)'))).toBe(
      true,
    );
    const auditAfter = (await desk.services.db.select({ n: count() }).from(auditEvents))[0]!.n;
    expect(auditAfter - auditBefore).toBe(committed);
    const [{ n: outboxRows } = { n: 0 }] = await desk.services.db.select({ n: count() }).from(outbox);
    expect(outboxRows).toBe(auditAfter);
    expect(await verifyAuditTrail(desk.services)).toMatchObject({ ok: true, entries: auditAfter });
  });

  it('lets exactly one of many concurrent publishers of the same version win', async () => {
    const foch = await desk.token('demo-editor-foch');
    const created = await desk.request('/v1/datasets', {
      method: 'POST',
      token: foch,
      json: { providerId: orgs.get('hopital-foch'), descriptor: sampleDescriptor('Course') },
    });
    const { id } = (await created.json()) as { id: string };
    const statuses = await Promise.all(
      Array.from({ length: 12 }, () =>
        desk.request(`/v1/datasets/${id}/publish`, {
          method: 'POST',
          token: foch,
          headers: { 'if-match': '"1"' },
        }),
      ),
    ).then((rs) => rs.map((r) => r.status));
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 200).every((s) => s === 412)).toBe(true);
    const revisions = await desk.request(`/v1/datasets/${id}/revisions`, { token: foch });
    expect(((await revisions.json()) as { items: unknown[] }).items).toHaveLength(2);
  });

  it('creates each user once when their first requests arrive together', async () => {
    const token = await desk.token('newcomer-concurrent');
    const statuses = await Promise.all(
      Array.from({ length: 10 }, () => desk.request('/v1/datasets', { token })),
    );
    expect(statuses.every((r) => r.status === 200)).toBe(true);
    const { users } = await import('../../src/db/schema');
    const rows = await desk.services.db.select().from(users).where(eq(users.subject, 'newcomer-concurrent'));
    expect(rows).toHaveLength(1);
  });
});
