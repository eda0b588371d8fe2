// Writes refused to an authenticated caller (403, 404) are recorded after the answer is made, so probing
// another organisation's records leaves a trace. Recording never changes the answer.
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { recordDeniedWrite } from '../../services/denied-writes';
import type { AppEnv } from '../context';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The first path parameter's value: which record the refused write named. */
function targetOf(pattern: string, path: string): string | undefined {
  const names = pattern.split('/');
  const values = path.split('/');
  const at = names.findIndex((segment) => segment.startsWith(':'));
  return at >= 0 ? values[at] : undefined;
}

export const recordDenials: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  const status = c.res.status;
  const principal = c.get('principal');
  if (!principal || !WRITES.has(c.req.method) || (status !== 403 && status !== 404)) return;
  const pattern = routePath(c, -1);
  try {
    await recordDeniedWrite(c.get('services'), {
      callerId: principal.userId,
      operation: `${c.req.method} ${pattern}`,
      target: targetOf(pattern, c.req.path),
      status,
    });
  } catch (e) {
    console.error('recording a refused write failed:', e);
  }
};
