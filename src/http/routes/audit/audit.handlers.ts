// Handlers of the audit trail: readable by auditors and platform admins only.
import type { Context } from 'hono';
import { Problem } from '../../../domain/problem';
import * as checkpoints from '../../../services/audit-checkpoints';
import { listAuditEvents as list, verifyAuditTrail } from '../../../services/audit-trail';
import { orgsWithRole } from '../../../services/deps';
import { deskLogPage } from '../../../services/desk-log';
import type { AppEnv, AppHandler } from '../../context';
import { requirePrincipal, unwrap } from '../../respond';
import type * as R from './audit.routes';

function requireAuditReader(c: Context<AppEnv>) {
  const p = requirePrincipal(c);
  if (!p.isPlatformAdmin && orgsWithRole(p, 'auditor').length === 0) {
    throw new Problem('forbidden', 'the audit trail is open to auditors and platform admins');
  }
}

export const listAuditEvents: AppHandler<typeof R.listAuditEvents> = async (c) => {
  const { cursor, limit, deskId, action, from, to } = c.req.valid('query');
  const page = await list(c.get('services'), requirePrincipal(c), {
    afterSeq: cursor ? Number(cursor) : 0,
    limit,
    deskId,
    action,
    // Instants compared as instants, whatever offset the caller wrote them with.
    from: from ? new Date(from).toISOString() : undefined,
    to: to ? new Date(to).toISOString() : undefined,
  });
  return c.json(unwrap(page), 200);
};

export const verifyAudit: AppHandler<typeof R.verifyAudit> = async (c) => {
  requireAuditReader(c);
  return c.json(await verifyAuditTrail(c.get('services')), 200);
};

export const latestCheckpoint: AppHandler<typeof R.latestCheckpoint> = async (c) => {
  const checkpoint = await checkpoints.latestCheckpoint(c.get('services'));
  if (!checkpoint) throw new Problem('not_found', 'no checkpoint has been made yet');
  return c.json(checkpoint, 200);
};

export const makeCheckpoint: AppHandler<typeof R.makeCheckpoint> = async (c) => {
  requireAuditReader(c);
  return c.json(await checkpoints.makeCheckpoint(c.get('services')), 201);
};

export const inclusionProof: AppHandler<typeof R.inclusionProof> = async (c) => {
  requireAuditReader(c);
  const { entry, size } = c.req.valid('query');
  return c.json(unwrap(await checkpoints.proveInclusion(c.get('services'), entry, size)), 200);
};

export const consistencyProof: AppHandler<typeof R.consistencyProof> = async (c) => {
  const { from, to } = c.req.valid('query');
  return c.json(unwrap(await checkpoints.proveConsistency(c.get('services'), from, to)), 200);
};

export const listCheckpoints: AppHandler<typeof R.listCheckpoints> = async (c) => {
  const { after, limit } = c.req.valid('query');
  return c.json(await checkpoints.listCheckpoints(c.get('services'), { after, limit }), 200);
};

export const getCheckpoint: AppHandler<typeof R.getCheckpoint> = async (c) => {
  const { treeSize } = c.req.valid('param');
  return c.json(unwrap(await checkpoints.getCheckpoint(c.get('services'), treeSize)), 200);
};

export const cosignCheckpoint: AppHandler<typeof R.cosignCheckpoint> = async (c) => {
  const { treeSize } = c.req.valid('param');
  const body = c.req.valid('json');
  return c.json(unwrap(await checkpoints.addCosignature(c.get('services'), treeSize, body)), 201);
};

export const deskLog: AppHandler<typeof R.deskLog> = async (c) => {
  const { id } = c.req.valid('param');
  const { size, after, limit } = c.req.valid('query');
  return c.json(
    unwrap(await deskLogPage(c.get('services'), requirePrincipal(c), id, { size, after, limit })),
    200,
  );
};
