// Handlers of desks.
import * as auditors from '../../../services/desk-auditors';
import * as metrics from '../../../services/desk-metrics';
import * as settings from '../../../services/desk-settings';
import * as orgs from '../../../services/organizations';
import type { AppHandler } from '../../context';
import { etagOf, expectedVersion, requirePrincipal, unwrap } from '../../respond';
import type * as R from './desks.routes';

export const listDesks: AppHandler<typeof R.listDesks> = async (c) =>
  c.json({ items: await orgs.listDesks(c.get('services')) }, 200);

export const createDesk: AppHandler<typeof R.createDesk> = async (c) => {
  const desk = unwrap(await orgs.createDesk(c.get('services'), requirePrincipal(c), c.req.valid('json')));
  return c.json(desk, 201, { location: `/v1/desks/${desk.id}`, etag: etagOf(desk.version) });
};

export const getDesk: AppHandler<typeof R.getDesk> = async (c) => {
  const desk = unwrap(await orgs.getDesk(c.get('services'), c.req.valid('param').id));
  return c.json(desk, 200, { etag: etagOf(desk.version) });
};

export const deskMetrics: AppHandler<typeof R.deskMetrics> = async (c) => {
  const { from, to } = c.req.valid('query');
  return c.json(unwrap(await metrics.deskMetrics(c.get('services'), c.req.valid('param').id, from, to)), 200);
};

export const listDeskAuditors: AppHandler<typeof R.listDeskAuditors> = async (c) =>
  c.json({ items: unwrap(await auditors.listDeskAuditors(c.get('services'), c.req.valid('param').id)) }, 200);

export const appointDeskAuditor: AppHandler<typeof R.appointDeskAuditor> = async (c) => {
  const { id, organizationId } = c.req.valid('param');
  return c.json(
    unwrap(await auditors.appointDeskAuditor(c.get('services'), requirePrincipal(c), id, organizationId)),
    201,
  );
};

export const removeDeskAuditor: AppHandler<typeof R.removeDeskAuditor> = async (c) => {
  const { id, organizationId } = c.req.valid('param');
  unwrap(await auditors.removeDeskAuditor(c.get('services'), requirePrincipal(c), id, organizationId));
  return c.body(null, 204);
};

export const updateDesk: AppHandler<typeof R.updateDesk> = async (c) => {
  const desk = unwrap(
    await settings.updateDeskSettings(
      c.get('services'),
      requirePrincipal(c),
      c.req.valid('param').id,
      c.req.valid('json'),
      expectedVersion(c),
    ),
  );
  return c.json(desk, 200, { etag: etagOf(desk.version) });
};

export const listDeskReviewers: AppHandler<typeof R.listDeskReviewers> = async (c) =>
  c.json(
    {
      items: unwrap(
        await settings.listDeskReviewers(c.get('services'), requirePrincipal(c), c.req.valid('param').id),
      ),
    },
    200,
  );

export const addDeskReviewer: AppHandler<typeof R.addDeskReviewer> = async (c) =>
  c.json(
    unwrap(
      await settings.addDeskReviewer(
        c.get('services'),
        requirePrincipal(c),
        c.req.valid('param').id,
        c.req.valid('json'),
      ),
    ),
    201,
  );

export const removeDeskReviewer: AppHandler<typeof R.removeDeskReviewer> = async (c) => {
  const { id, userId } = c.req.valid('param');
  unwrap(await settings.removeDeskReviewer(c.get('services'), requirePrincipal(c), id, userId));
  return c.body(null, 204);
};
