// The public register: decided access (projects, teams' organisations, desks, datasets, dates, status) with no
// personal data — the transparency the EHDS asks of data access bodies.
import { and, count, desc, eq, gt, inArray, isNull, lt } from 'drizzle-orm';
import {
  accessRequestDatasets,
  accessRequests,
  datasets,
  desks,
  evaluations,
  grants,
  organizations,
} from '../db/schema';
import type { AccessApplication } from '../domain/access-application';
import type { LocalizedText } from '../domain/descriptor';
import { scoreSheet } from '../domain/evaluation-scoring';
import { datasetUri } from './datasets';
import type { Deps } from './deps';
import { gridOf } from './evaluations';
import { grantStatus } from './grants';

export interface RegisterEntry {
  applicationId: string;
  project: AccessApplication['title'];
  purpose: { permission: string; disease: string | null; commercial: boolean };
  teamOrganization: string;
  desk: { id: string; name: string };
  datasets: { uri: string; title: { fr?: string; en?: string } }[];
  decision: 'approved' | 'revoked' | 'expired';
  decidedAt: string | null;
  access: { from: string | null; until: string | null; activeGrants: number; revokedGrants: number };
}

const PUBLIC_STATES = ['approved', 'revoked', 'expired'] as const;

export async function publicRegister(
  deps: Deps,
  query: { limit: number; cursor?: string | undefined },
): Promise<{ items: RegisterEntry[]; nextCursor: string | null }> {
  const conditions = [inArray(accessRequests.state, [...PUBLIC_STATES])];
  if (query.cursor) conditions.push(lt(accessRequests.id, query.cursor));
  const rows = await deps.db
    .select({ r: accessRequests, org: organizations.name, deskName: desks.name })
    .from(accessRequests)
    .innerJoin(organizations, eq(organizations.id, accessRequests.requesterOrgId))
    .innerJoin(desks, eq(desks.id, accessRequests.deskId))
    .where(and(...conditions))
    .orderBy(desc(accessRequests.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const ids = page.map((p) => p.r.id);
  const requested = ids.length
    ? await deps.db
        .select({
          requestId: accessRequestDatasets.requestId,
          id: datasets.id,
          descriptor: datasets.descriptor,
        })
        .from(accessRequestDatasets)
        .innerJoin(datasets, eq(datasets.id, accessRequestDatasets.datasetId))
        .where(inArray(accessRequestDatasets.requestId, ids))
    : [];
  const grantRows = ids.length
    ? await deps.db.select().from(grants).where(inArray(grants.requestId, ids))
    : [];
  const now = deps.now();
  const items = page.map(({ r, org, deskName }): RegisterEntry => {
    const own = grantRows.filter((g) => g.requestId === r.id);
    const starts = own.map((g) => g.startsAt.getTime());
    const ends = own.map((g) => g.endsAt.getTime());
    return {
      applicationId: r.id,
      project: r.application.title,
      purpose: {
        permission: r.application.purpose.permission,
        disease: r.application.purpose.disease ?? null,
        commercial: r.application.purpose.commercial,
      },
      teamOrganization: org,
      desk: { id: r.deskId, name: deskName },
      datasets: requested
        .filter((d) => d.requestId === r.id)
        .map((d) => ({ uri: datasetUri(deps, d.id), title: d.descriptor.title })),
      decision: r.state as RegisterEntry['decision'],
      decidedAt: r.decidedAt?.toISOString() ?? null,
      access: {
        from: starts.length ? new Date(Math.min(...starts)).toISOString() : null,
        until: ends.length ? new Date(Math.max(...ends)).toISOString() : null,
        activeGrants: own.filter((g) => grantStatus(g, now) === 'active').length,
        revokedGrants: own.filter((g) => g.revokedAt).length,
      },
    };
  });
  return { items, nextCursor: rows.length > query.limit ? (page.at(-1)?.r.id ?? null) : null };
}

export interface RegisterEvaluation {
  evaluationId: string;
  desk: { id: string; name: string };
  evaluatorOrganization: string;
  grid: { id: string; version: string; title: LocalizedText };
  period: { from: string; to: string };
  /** 0–100, weighted over the grid's groups. */
  overall: number;
  /** Share (0–1) of the grid's weight the evaluation scored. */
  coverage: number;
  /** When the auditor countersigned (its last change). */
  countersignedAt: string;
}

/** Countersigned evaluations of every desk, newest first: what partners have asserted and auditors checked. */
export async function countersignedEvaluations(
  deps: Deps,
  query: { limit: number; cursor?: string | undefined },
): Promise<{ items: RegisterEvaluation[]; nextCursor: string | null }> {
  const conditions = [eq(evaluations.state, 'countersigned')];
  if (query.cursor) conditions.push(lt(evaluations.id, query.cursor));
  const rows = await deps.db
    .select({ e: evaluations, org: organizations.name, deskName: desks.name })
    .from(evaluations)
    .innerJoin(organizations, eq(organizations.id, evaluations.evaluatorOrgId))
    .innerJoin(desks, eq(desks.id, evaluations.deskId))
    .where(and(...conditions))
    .orderBy(desc(evaluations.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const items = page.map(({ e, org, deskName }): RegisterEvaluation => {
    const grid = gridOf(e);
    const sheet = scoreSheet(grid, e.scores);
    return {
      evaluationId: e.id,
      desk: { id: e.deskId, name: deskName },
      evaluatorOrganization: org,
      grid: { id: e.gridId, version: e.gridVersion, title: grid.title },
      period: { from: e.periodFrom, to: e.periodTo },
      overall: sheet.overall,
      coverage: sheet.coverage,
      countersignedAt: e.updatedAt.toISOString(),
    };
  });
  return { items, nextCursor: rows.length > query.limit ? (page.at(-1)?.e.id ?? null) : null };
}

export interface RegisterFigures {
  /** Applications the register lists: approved, later revoked or expired. */
  decidedApplications: number;
  /** Grants neither revoked nor past their end. */
  grantsInForce: number;
  countersignedEvaluations: number;
}

/** The register's headline figures, three counts. */
export async function registerFigures(deps: Deps): Promise<RegisterFigures> {
  const [[applications], [inForce], [evaluated]] = await Promise.all([
    deps.db
      .select({ n: count() })
      .from(accessRequests)
      .where(inArray(accessRequests.state, [...PUBLIC_STATES])),
    deps.db
      .select({ n: count() })
      .from(grants)
      .where(and(isNull(grants.revokedAt), gt(grants.endsAt, deps.now()))),
    deps.db.select({ n: count() }).from(evaluations).where(eq(evaluations.state, 'countersigned')),
  ]);
  return {
    decidedApplications: Number(applications?.n ?? 0),
    grantsInForce: Number(inForce?.n ?? 0),
    countersignedEvaluations: Number(evaluated?.n ?? 0),
  };
}
