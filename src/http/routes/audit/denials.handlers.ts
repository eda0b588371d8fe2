// Handler of the refused-writes counts.
import { listDeniedWrites as list } from '../../../services/denied-writes';
import type { AppHandler } from '../../context';
import { requirePrincipal, unwrap } from '../../respond';
import type * as R from './denials.routes';

export const listDeniedWrites: AppHandler<typeof R.listDeniedWrites> = async (c) => {
  const rows = unwrap(await list(c.get('services'), requirePrincipal(c), c.req.valid('query').limit));
  const items = rows.map((r) => ({
    callerId: r.callerId,
    operation: r.operation,
    windowStart: r.windowStart.toISOString(),
    attempts: r.attempts,
    targets: r.targets,
    lastStatus: r.lastStatus,
    lastAt: r.lastAt.toISOString(),
  }));
  return c.json({ items }, 200);
};
