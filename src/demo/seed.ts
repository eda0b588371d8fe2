// Seeds the demo cast and its datasets into an empty desk, through the same use cases as the API.
import { count } from 'drizzle-orm';
import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import { organizations } from '../db/schema';
import { canonicalJson } from '../domain/canonical-json';
import type { Scores } from '../domain/evaluation-scoring';
import { evaluationGrid } from '../policies/evaluation-grids';
import { changeDataset, createDataset } from '../services/datasets';
import type { Deps, Principal } from '../services/deps';
import { appointDeskAuditor } from '../services/desk-auditors';
import {
  countersignEvaluation,
  countersigningDocument,
  evaluationSigningDocument,
  submitEvaluation,
} from '../services/evaluation-signatures';
import { openEvaluation, scoreEvaluation } from '../services/evaluations';
import { ensureUser, loadPrincipal } from '../services/identity';
import { registerOrganizationKey } from '../services/organization-keys';
import { addMember, createDesk, createOrganization } from '../services/organizations';
import { DEMO_DESKS, DEMO_ORGANIZATIONS, DEMO_USERS } from './cast';
import { demoDescriptors } from './descriptors';

function must<T>(outcome: { ok: true; value: T } | { ok: false; problem: Error }, what: string): T {
  if (!outcome.ok) throw new Error(`demo seed: ${what}: ${outcome.problem.message}`);
  return outcome.value;
}

export async function isEmpty(deps: Deps): Promise<boolean> {
  const [row] = await deps.db.select({ n: count() }).from(organizations);
  return (row?.n ?? 0) === 0;
}

/** Seeds the demo on an empty database; does nothing (and says so) on one that already holds data. */
export async function seedDemo(deps: Deps, issuer: string): Promise<{ seeded: boolean; datasets: number }> {
  if (!(await isEmpty(deps))) return { seeded: false, datasets: 0 };
  const admin = DEMO_USERS.find((u) => u.platformAdmin)!;
  await ensureUser(deps, issuer, admin.subject, { displayName: admin.name, isPlatformAdmin: true });
  const adminPrincipal = await loadPrincipal(deps, issuer, admin.subject);

  const orgIds = new Map<string, string>();
  for (const o of DEMO_ORGANIZATIONS) {
    const created = must(
      await createOrganization(deps, adminPrincipal, {
        slug: o.slug,
        name: o.name,
        kind: o.kind,
        homepage: o.homepage,
      }),
      `organisation ${o.slug}`,
    );
    orgIds.set(o.key, created.id);
  }
  const deskIds = new Map<string, string>();
  for (const d of DEMO_DESKS) {
    const desk = must(
      await createDesk(deps, adminPrincipal, {
        slug: d.slug,
        name: d.name,
        operatorId: orgIds.get(d.operator)!,
        policy: d.policy,
        decisionDeadlineDays: d.decisionDeadlineDays,
        contactEmail: d.contactEmail,
      }),
      `desk ${d.slug}`,
    );
    deskIds.set(d.key, desk.id);
  }
  for (const u of DEMO_USERS) {
    if (!u.org || !u.role) continue;
    await ensureUser(deps, issuer, u.subject, { displayName: u.name });
    must(
      await addMember(deps, adminPrincipal, orgIds.get(u.org)!, { issuer, subject: u.subject, role: u.role }),
      `membership ${u.subject}`,
    );
  }
  const editors = new Map<string, Principal>();
  for (const key of ['pasteur', 'foch', 'roche'] as const) {
    editors.set(key, await loadPrincipal(deps, issuer, `demo-editor-${key}`));
  }
  let published = 0;
  for (const { provider, descriptor, slug } of demoDescriptors) {
    const editor = editors.get(provider)!;
    const draft = must(
      await createDataset(deps, editor, {
        providerId: orgIds.get(provider)!,
        deskId: deskIds.get(provider)!,
        descriptor,
      }),
      `dataset ${slug}`,
    );
    must(
      await changeDataset(deps, editor, 'publish', { id: draft.id, expectedVersion: draft.version }),
      `publish ${slug}`,
    );
    published++;
  }
  // Each desk's audit engagement: Audit Numérique Santé audits the Pasteur desk, ÉvalSanté the Foch desk.
  for (const [desk, partner] of [
    ['pasteur', 'auditnum'],
    ['foch', 'evalsante'],
  ] as const) {
    must(
      await appointDeskAuditor(deps, adminPrincipal, deskIds.get(desk)!, orgIds.get(partner)!),
      `auditor of ${desk}`,
    );
  }
  await seedDemoEvaluation(deps, issuer, deskIds.get('pasteur')!);
  return { seeded: true, datasets: published };
}

/** One countersigned evaluation of the Pasteur desk, so the scorecard and the auditor's tools have data. */
async function seedDemoEvaluation(deps: Deps, issuer: string, deskId: string): Promise<void> {
  const evaluator = await loadPrincipal(deps, issuer, 'demo-evaluator-evalsante');
  const auditor = await loadPrincipal(deps, issuer, 'demo-auditor-auditnum');
  const grid = evaluationGrid('phoenix-grid', '1.0.0');
  if (!grid) throw new Error('demo seed: the PHOENIX grid is not installed');
  const year = deps.now().getUTCFullYear();
  const opened = must(
    await openEvaluation(deps, evaluator, deskId, {
      gridId: grid.id,
      gridVersion: grid.version,
      periodFrom: `${year - 1}-01-01`,
      periodTo: `${year}-01-01`,
    }),
    'evaluation',
  );
  const scores: Scores = {};
  for (const [gi, group] of grid.groups.entries()) {
    for (const [ci, criterion] of group.criteria.entries()) {
      // Catalogue completeness comes from the desk's own figures at submission.
      if (criterion.metric?.id === 'catalogue_completeness') continue;
      const kind = criterion.evidence.kinds[0]!;
      scores[criterion.id] = {
        // Illustrative levels, varied so the radar chart has a shape.
        level: (((gi + ci) % 3) + 2) as 2 | 3 | 4,
        evidence: [
          kind === 'document'
            ? { kind, value: 'c'.repeat(64), label: `Pièce justificative — ${criterion.title.fr}` }
            : kind === 'link'
              ? { kind, value: `https://guichet-pasteur.example.org/preuves/${criterion.id}` }
              : { kind, value: `Constaté lors de l’audit sur place (${criterion.title.fr}).` },
        ],
      };
    }
  }
  must(await scoreEvaluation(deps, evaluator, opened.id, opened.version, scores), 'evaluation scores');
  const evaluatorSigns = await partnerClient(deps, evaluator, opened.evaluatorOrganizationId);
  const prepared = must(await evaluationSigningDocument(deps, evaluator, opened.id), 'signing document');
  must(
    await submitEvaluation(deps, evaluator, opened.id, await evaluatorSigns(prepared.typ, prepared.document)),
    'evaluation submission',
  );
  const auditorOrganization = must(
    await countersigningDocument(deps, auditor, opened.id),
    'countersigning document',
  ).document.auditorOrganization;
  // A key signs only documents prepared after its registration: the document is fetched again once it is.
  const auditorSigns = await partnerClient(deps, auditor, auditorOrganization);
  const toCountersign = must(
    await countersigningDocument(deps, auditor, opened.id),
    'countersigning document',
  );
  must(
    await countersignEvaluation(
      deps,
      auditor,
      opened.id,
      await auditorSigns(toCountersign.typ, toCountersign.document),
    ),
    'evaluation countersignature',
  );
}

/**
 * What a partner's client does, for the demo: a key pair of its own, the public half registered by a member
 * of the organisation, documents signed with the private half. The private key is not kept anywhere: the
 * demo partners sign their demo evaluation once, and their members register keys of their own to sign more.
 */
async function partnerClient(
  deps: Deps,
  member: Principal,
  organizationId: string,
): Promise<(typ: string, document: unknown) => Promise<string>> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const registered = must(
    await registerOrganizationKey(deps, member, organizationId, {
      ...(await exportJWK(publicKey)),
      kid: `demo-${member.subject}-${crypto.randomUUID().slice(0, 8)}`,
    }),
    `key of ${member.subject}`,
  );
  return (typ, document) =>
    new CompactSign(new TextEncoder().encode(canonicalJson(document)))
      .setProtectedHeader({ alg: 'ES256', kid: registered.kid, typ })
      .sign(privateKey);
}
