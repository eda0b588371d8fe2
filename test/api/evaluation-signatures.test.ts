// The desk takes only signatures made by the organisations themselves, over exactly the document it prepared,
// within fifteen minutes; it cannot make a partner's signature itself.
import { sql } from 'drizzle-orm';
import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/database';
import { canonicalJson } from '../../src/domain/canonical-json';
import { evaluationGrid } from '../../src/policies/evaluation-grids';
import { activeSigningKey } from '../../src/services/signing-keys';
import { type DemoIds, demoIds } from '../access-fixtures';
import { createTestDesk, type TestDesk } from '../harness';
import {
  disputeDocument,
  type PartnerKey,
  partnerKey,
  registeredKey,
  registerPartnerKey,
  signAs,
  signedSubmit,
  signPrepared,
} from '../support/partner-keys';

let desk: TestDesk;
let ids: DemoIds;
let evaluator: string;
let evalsante: string;
let key: PartnerKey;

/** How far the desk's clock runs ahead of real time, to let a prepared document age. */
let later = 0;

beforeAll(async () => {
  desk = await createTestDesk({ now: () => new Date(Date.now() + later) });
  ids = await demoIds(desk, await desk.seed());
  evaluator = await desk.token('demo-evaluator-evalsante');
  evalsante = ids.orgs.get('evalsante')!;
  key = await registeredKey(desk, evaluator, evalsante);
  // The organisation has signed with this key for an hour: documents of the last 15 minutes may use it.
  await desk.services.db.execute(
    sql`update organization_keys set created_at = created_at - interval '1 hour' where kid = ${key.kid}`,
  );
});
afterAll(() => desk.close());

const grid = evaluationGrid('phoenix-grid', '1.0.0')!;

const evidenceFor = (kinds: string[]) => {
  const kind = kinds[0]!;
  if (kind === 'document') return { kind, value: 'b'.repeat(64), label: 'Rapport du guichet' };
  if (kind === 'link') return { kind, value: 'https://guichet-foch.example.org/preuves' };
  return { kind, value: 'Constaté sur place.' };
};

const scoresAt = (level: number) =>
  Object.fromEntries(
    grid.groups.flatMap((g) =>
      g.criteria.map((c) => [
        c.id,
        { level, evidence: [evidenceFor(c.evidence.kinds)], justification: 'Vu sur place.' },
      ]),
    ),
  );

/** A complete draft of the Foch desk's evaluation by ÉvalSanté, ready to sign. */
async function completeDraft(level = 3): Promise<{ id: string; version: number }> {
  const opened = await desk.request(`/v1/desks/${ids.desks.get('guichet-foch')}/evaluations`, {
    method: 'POST',
    token: evaluator,
    json: { periodFrom: '2026-01-01', periodTo: '2027-01-01' },
  });
  const e = (await opened.json()) as { id: string; version: number };
  const scores = scoresAt(level);
  const res = await desk.request(`/v1/evaluations/${e.id}`, {
    method: 'PUT',
    token: evaluator,
    headers: { 'if-match': `"${e.version}"` },
    json: { scores },
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as { id: string; version: number };
}

const submit = (id: string, signature: unknown) =>
  desk.request(`/v1/evaluations/${id}/submit`, { method: 'POST', token: evaluator, json: { signature } });
const problemOf = async (res: Response) =>
  (await res.json()) as { detail: string; violations: { pointer: string; message: string }[] };

describe('submitting with the organisation’s signature', () => {
  it('requires a signature at /signature, and a compact JWS', async () => {
    const e = await completeDraft();
    const missing = await desk.request(`/v1/evaluations/${e.id}/submit`, {
      method: 'POST',
      token: evaluator,
      json: {},
    });
    expect(missing.status).toBe(400);
    expect((await problemOf(missing)).violations[0]!.pointer).toBe('/signature');
    const garbage = await submit(e.id, 'not-a-jws');
    expect(garbage.status).toBe(400);
    expect((await problemOf(garbage)).violations).toEqual([
      { pointer: '/signature', message: 'not a compact JWS' },
    ]);
  });

  it('refuses a signature over a document that changed since it was prepared (409 at /signature)', async () => {
    const e = await completeDraft();
    const prepared = await signPrepared(desk, evaluator, e.id, 'signing-document', key);
    const changed = await desk.request(`/v1/evaluations/${e.id}`, {
      method: 'PUT',
      token: evaluator,
      headers: { 'if-match': `"${e.version}"` },
      json: { scores: scoresAt(2) },
    });
    expect(changed.status).toBe(200);
    const res = await submit(e.id, prepared.signature);
    expect(res.status).toBe(409);
    expect((await problemOf(res)).violations).toEqual([
      {
        pointer: '/signature',
        message: 'changed since prepared: the signed document is not the current one',
      },
    ]);
    // A document prepared for another evaluation does not submit this one either.
    const other = await signPrepared(desk, evaluator, (await completeDraft(2)).id, 'signing-document', key);
    expect((await submit(e.id, other.signature)).status).toBe(409);
    expect(
      (
        (await (await desk.request(`/v1/evaluations/${e.id}`, { token: evaluator })).json()) as {
          state: string;
        }
      ).state,
    ).toBe('draft');
  });

  it('refuses a document signed more than 15 minutes ago, or dated in the future', async () => {
    const e = await completeDraft();
    const { typ, document } = await signPrepared(desk, evaluator, e.id, 'signing-document', key);
    const at = (ms: number) => new Date(Date.now() + ms).toISOString();
    const signed = await signAs(key, typ, document);
    const refused = async (res: Response) => {
      expect(res.status).toBe(409);
      expect((await problemOf(res)).violations[0]!.pointer).toBe('/signature');
    };
    // Dated in the future by the client.
    await refused(await submit(e.id, await signAs(key, typ, { ...document, signedAt: at(60_000) })));
    try {
      // The document as prepared, sixteen minutes later: too old.
      later = 16 * 60_000;
      await refused(await submit(e.id, signed));
      // Fourteen minutes later is still fine.
      later = 14 * 60_000;
      expect((await submit(e.id, signed)).status).toBe(200);
    } finally {
      later = 0;
    }
  });

  it('refuses keys the organisation has not registered, has retired, or that are another organisation’s', async () => {
    const e = await completeDraft();
    const retiring = await registeredKey(desk, evaluator, evalsante);
    const { typ, document } = await signPrepared(desk, evaluator, e.id, 'signing-document', key);
    const refused = async (signer: Pick<PartnerKey, 'kid' | 'privateKey'>, message: RegExp) => {
      const res = await submit(e.id, await signAs(signer, typ, document));
      expect(res.status).toBe(400);
      const [v] = (await problemOf(res)).violations;
      expect(v!.pointer).toBe('/signature');
      expect(v!.message).toMatch(message);
    };
    await refused(await partnerKey('never-registered'), /has no key never-registered/);
    const auditnumKey = await registeredKey(
      desk,
      await desk.token('demo-auditor-auditnum'),
      ids.orgs.get('audit-numerique-sante')!,
    );
    await refused(auditnumKey, /has no key/);
    // Another key under the registered kid: the signature does not verify.
    await refused({ kid: key.kid, privateKey: (await partnerKey()).privateKey }, /does not verify/);
    // The wrong typ.
    const wrongTyp = await submit(e.id, await signAs(key, 'phoenix-countersignature+jws', document));
    expect(wrongTyp.status).toBe(400);
    // A key retired after the document was signed.
    const signedBefore = await signAs(retiring, typ, document);
    expect(
      (
        await desk.request(`/v1/organizations/${evalsante}/keys/${retiring.kid}/retire`, {
          method: 'POST',
          token: evaluator,
        })
      ).status,
    ).toBe(200);
    const late = await submit(e.id, signedBefore);
    expect(late.status).toBe(400);
    expect((await problemOf(late)).violations[0]!.message).toMatch(/retired/);
  });

  it('refuses a key registered after the document was prepared: the client fetches the document again', async () => {
    const e = await completeDraft();
    const { typ, document } = await signPrepared(desk, evaluator, e.id, 'signing-document', key);
    await new Promise((r) => setTimeout(r, 5));
    const late = await registeredKey(desk, evaluator, evalsante);
    const res = await submit(e.id, await signAs(late, typ, document));
    expect(res.status).toBe(400);
    const [v] = (await problemOf(res)).violations;
    expect(v!.pointer).toBe('/signature');
    expect(v!.message).toMatch(/registered after the document was prepared.*fetch the document again/);
    // Fetched again, the document is prepared after the key's registration and the same key signs it.
    expect((await signedSubmit(desk, evaluator, e.id, late)).status).toBe(200);
  });
});

describe('the desk cannot sign for a partner', () => {
  it('refuses a JWS made with the desk’s own key under the partner’s kid', async () => {
    const e = await completeDraft();
    const { typ, document } = await signPrepared(desk, evaluator, e.id, 'signing-document', key);
    const deskKey = await activeSigningKey(desk.services);
    const forged = await new CompactSign(new TextEncoder().encode(canonicalJson(document)))
      .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ })
      .sign(deskKey.privateKey);
    const res = await submit(e.id, forged);
    expect(res.status).toBe(400);
    expect((await problemOf(res)).violations[0]!.message).toMatch(/does not verify/);
    // Under the desk's own kid, the organisation has no such key.
    const asDesk = await new CompactSign(new TextEncoder().encode(canonicalJson(document)))
      .setProtectedHeader({ alg: 'ES256', kid: deskKey.kid, typ })
      .sign(deskKey.privateKey);
    expect((await submit(e.id, asDesk)).status).toBe(400);
  });

  it('keeps no private key of a partner anywhere in its database, and fails once the partner’s key is retired', async () => {
    // An extractable key, so that the test knows the private scalar it looks for.
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const d = (await exportJWK(privateKey)).d!;
    const own = {
      kid: 'dump-check',
      privateKey,
      publicJwk: { ...(await exportJWK(publicKey)), kid: 'dump-check' },
      thumbprint: '',
    };
    expect((await registerPartnerKey(desk, evaluator, evalsante, own)).status).toBe(201);
    const e = await completeDraft();
    expect((await signedSubmit(desk, evaluator, e.id, own)).status).toBe(200);
    const tables = rowsOf<{ name: string }>(
      await desk.services.db.execute(
        sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
      ),
    );
    expect(tables.length).toBeGreaterThan(10);
    for (const { name } of tables) {
      const rows = rowsOf<{ row: string }>(
        await desk.services.db.execute(sql.raw(`select row_to_json(t)::text as row from "${name}" t`)),
      );
      for (const { row } of rows) expect(row, name).not.toContain(d);
    }
    const stored = rowsOf<{ jwk: Record<string, unknown> }>(
      await desk.services.db.execute(sql`select public_jwk as jwk from organization_keys`),
    );
    expect(stored.every(({ jwk }) => !('d' in jwk))).toBe(true);
    // Retired, the key signs nothing more.
    await desk.request(`/v1/organizations/${evalsante}/keys/dump-check/retire`, {
      method: 'POST',
      token: evaluator,
    });
    const next = await completeDraft();
    expect((await signedSubmit(desk, evaluator, next.id, own)).status).toBe(400);
  });
});

describe('disputes signed by the auditor’s organisation', () => {
  it('refuses a dispute whose signed criteria are not the ones posted, and one signed for another organisation', async () => {
    const e = await completeDraft();
    expect((await signedSubmit(desk, evaluator, e.id, key)).status).toBe(200);
    const fochAuditor = await desk.token('demo-auditor-evalsante');
    // ÉvalSanté audits the Foch desk but evaluated it: it may not dispute its own evaluation.
    const auditnum = ids.orgs.get('audit-numerique-sante')!;
    const fochAdmin = await desk.token('demo-desk-admin-foch');
    await desk.request(`/v1/desks/${ids.desks.get('guichet-foch')}/auditors/${auditnum}`, {
      method: 'PUT',
      token: fochAdmin,
    });
    const auditor = await desk.token('demo-auditor-auditnum');
    const auditorKey = await registeredKey(desk, auditor, auditnum);
    const criteria = [{ criterion: grid.groups[0]!.criteria[0]!.id, comment: 'Pièce manquante.' }];
    const document = await disputeDocument(desk, auditor, e.id, auditnum, criteria);
    const signature = await signAs(auditorKey, 'phoenix-dispute+jws', document);
    const other = [{ criterion: criteria[0]!.criterion, comment: 'Autre chose.' }];
    const mismatch = await desk.request(`/v1/evaluations/${e.id}/dispute`, {
      method: 'POST',
      token: auditor,
      json: { criteria: other, signature },
    });
    expect(mismatch.status).toBe(409);
    const forEvalsante = await signAs(auditorKey, 'phoenix-dispute+jws', {
      ...document,
      auditorOrganization: evalsante,
    });
    const wrongOrg = await desk.request(`/v1/evaluations/${e.id}/dispute`, {
      method: 'POST',
      token: auditor,
      json: { criteria, signature: forEvalsante },
    });
    expect(wrongOrg.status).toBe(403);
    const byEvalsante = await desk.request(`/v1/evaluations/${e.id}/dispute`, {
      method: 'POST',
      token: fochAuditor,
      json: { criteria, signature },
    });
    expect(byEvalsante.status).toBe(403);
    const ok = await desk.request(`/v1/evaluations/${e.id}/dispute`, {
      method: 'POST',
      token: auditor,
      json: { criteria, signature },
    });
    expect(ok.status, await ok.clone().text()).toBe(201);
    expect(await ok.json()).toMatchObject({
      signature,
      signedBy: { organizationId: auditnum, kid: auditorKey.kid },
      receipt: expect.any(String),
    });
  });
});
