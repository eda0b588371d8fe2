// What an auditor's engagements give them to read: the desks they are appointed to audit, each with its
// evaluations once submitted (drafts stay the evaluator's, as GET /v1/evaluations/{id} has it).
import { and, asc, desc, inArray, ne } from 'drizzle-orm';
import { desks, evaluations } from '../db/schema';
import type { Deps, Principal } from './deps';
import { auditedDesks } from './desk-auditors';
import { type EvaluationView, toView } from './evaluations';

export interface AuditedDesk {
  id: string;
  slug: string;
  name: string;
  evaluations: EvaluationView[];
}

/** The caller's audited desks with their non-draft evaluations, latest period first; every desk for a platform admin. */
export async function auditedEvaluations(deps: Deps, p: Principal): Promise<AuditedDesk[]> {
  const audited = await auditedDesks(deps, p);
  if (audited !== 'all' && audited.length === 0) return [];
  const deskRows = await deps.db
    .select({ id: desks.id, slug: desks.slug, name: desks.name })
    .from(desks)
    .where(audited === 'all' ? undefined : inArray(desks.id, audited))
    .orderBy(asc(desks.slug));
  if (deskRows.length === 0) return [];
  const rows = await deps.db
    .select()
    .from(evaluations)
    .where(
      and(
        inArray(
          evaluations.deskId,
          deskRows.map((d) => d.id),
        ),
        ne(evaluations.state, 'draft'),
      ),
    )
    .orderBy(desc(evaluations.periodTo), desc(evaluations.createdAt));
  return deskRows.map((d) => ({
    ...d,
    evaluations: rows.filter((r) => r.deskId === d.id).map(toView),
  }));
}
