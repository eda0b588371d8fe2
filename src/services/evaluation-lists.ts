// The evaluations a person's organisations carry out, for their evaluators' list: every version, newest first.
import { desc, inArray } from 'drizzle-orm';
import { evaluations } from '../db/schema';
import type { Deps, Principal } from './deps';
import { type EvaluationView, toView } from './evaluations';

/**
 * Evaluations whose evaluating organisation is one of the caller's (the same members `visible` lets read
 * them), drafts included; empty for someone with no membership.
 */
export async function listOwnEvaluations(deps: Deps, p: Principal): Promise<EvaluationView[]> {
  const orgs = [...new Set(p.memberships.map((m) => m.organizationId))];
  if (orgs.length === 0) return [];
  const rows = await deps.db
    .select()
    .from(evaluations)
    .where(inArray(evaluations.evaluatorOrgId, orgs))
    .orderBy(desc(evaluations.createdAt), desc(evaluations.id))
    .limit(500);
  return rows.map(toView);
}
