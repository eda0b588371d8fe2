// Handlers of the audit trail: readable by auditors and platform admins only.
import type { Context } from 'hono';
import { Problem } from '../../../domain/problem';
import { listAuditEvents as list, verifyAuditTrail } from '../../../services/audit-trail';
import { orgsWithRole } from '../../../services/deps';
import type { AppEnv, AppHandler } from '../../context';
import { requirePrincipal } from '../../respond';
import type * as R from './audit.routes';

function requireAuditReader(c: Context<AppEnv>) {
  const p = requirePrincipal(c);
  if (!p.isPlatformAdmin && orgsWithRole(p, 'auditor').length === 0) {
    throw new Problem('forbidden', 'the audit trail is open to auditors and platform admins');
  }
}

export const listAuditEvents: AppHandler<typeof R.listAuditEvents> = async (c) => {
  requireAuditReader(c);
  const { cursor, limit } = c.req.valid('query');
  return c.json(await list(c.get('services'), { afterSeq: cursor ? Number(cursor) : 0, limit }), 200);
};

export const verifyAudit: AppHandler<typeof R.verifyAudit> = async (c) => {
  requireAuditReader(c);
  return c.json(await verifyAuditTrail(c.get('services')), 200);
};
