// The public register: decided access (projects, teams' organisations, desks, datasets, dates, status) with no
// personal data — the transparency the EHDS asks of data access bodies.
import { and, desc, eq, inArray, lt } from 'drizzle-orm';
import { accessRequestDatasets, accessRequests, datasets, desks, grants, organizations } from '../db/schema';
import type { AccessApplication } from '../domain/access-application';
import { datasetUri } from './datasets';
import type { Deps } from './deps';
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
