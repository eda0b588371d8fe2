// Handlers of access applications.
import * as decisions from '../../../services/access-request-decisions';
import * as requests from '../../../services/access-requests';
import type { AppHandler } from '../../context';
import { withIdempotency } from '../../idempotency';
import { etagOf, expectedVersion, requirePrincipal, unwrap } from '../../respond';
import type * as R from './access-requests.routes';

export const createAccessRequest: AppHandler<typeof R.createAccessRequest> = async (c) => {
  const body = c.req.valid('json');
  const created = await withIdempotency(c, body, async (services) => {
    const created = unwrap(await requests.createRequest(services, requirePrincipal(c), body));
    return {
      status: 201,
      body: created,
      headers: { location: `/v1/access-requests/${created.id}`, etag: etagOf(created.version) },
    };
  });
  return c.json(created.body, created.status, created.headers);
};

export const listAccessRequests: AppHandler<typeof R.listAccessRequests> = async (c) => {
  const q = c.req.valid('query');
  const page = unwrap(
    await requests.listRequests(c.get('services'), requirePrincipal(c), {
      deskId: q.deskId,
      state: q.state,
      overdue: q.overdue === 'true',
      limit: q.limit,
      cursor: q.cursor,
    }),
  );
  return c.json(page, 200);
};

export const getAccessRequest: AppHandler<typeof R.getAccessRequest> = async (c) => {
  const view = unwrap(
    await requests.getRequest(c.get('services'), requirePrincipal(c), c.req.valid('param').id),
  );
  return c.json(view, 200, { etag: etagOf(view.version) });
};

export const updateAccessRequest: AppHandler<typeof R.updateAccessRequest> = async (c) => {
  const version = expectedVersion(c);
  const view = unwrap(
    await requests.updateRequest(
      c.get('services'),
      requirePrincipal(c),
      c.req.valid('param').id,
      version,
      c.req.valid('json'),
    ),
  );
  return c.json(view, 200, { etag: etagOf(view.version) });
};

type Changed = Awaited<ReturnType<typeof decisions.submitRequest>>;

const answer = async (
  c: Parameters<AppHandler<typeof R.submitAccessRequest>>[0],
  outcome: Promise<Changed>,
) => {
  const view = unwrap(await outcome);
  return c.json(view, 200, { etag: etagOf(view.version) });
};

export const submitAccessRequest: AppHandler<typeof R.submitAccessRequest> = (c) =>
  answer(c, decisions.submitRequest(c.get('services'), requirePrincipal(c), c.req.valid('param').id));

export const withdrawAccessRequest: AppHandler<typeof R.withdrawAccessRequest> = (c) =>
  answer(
    c,
    decisions.withdrawRequest(
      c.get('services'),
      requirePrincipal(c),
      c.req.valid('param').id,
      c.req.valid('json').reason,
    ),
  );

export const startReview: AppHandler<typeof R.startReview> = (c) =>
  answer(c, decisions.startReview(c.get('services'), requirePrincipal(c), c.req.valid('param').id));

export const requestChanges: AppHandler<typeof R.requestChanges> = (c) =>
  answer(
    c,
    decisions.requestChanges(
      c.get('services'),
      requirePrincipal(c),
      c.req.valid('param').id,
      c.req.valid('json').reason!,
    ),
  );

export const castVote: AppHandler<typeof R.castVote> = (c) =>
  answer(
    c,
    decisions.castVote(c.get('services'), requirePrincipal(c), c.req.valid('param').id, c.req.valid('json')),
  );

export const decide: AppHandler<typeof R.decide> = (c) =>
  answer(
    c,
    decisions.decideRequest(
      c.get('services'),
      requirePrincipal(c),
      c.req.valid('param').id,
      c.req.valid('json'),
    ),
  );

export const revokeAccessRequest: AppHandler<typeof R.revokeAccessRequest> = (c) =>
  answer(
    c,
    decisions.revokeRequest(
      c.get('services'),
      requirePrincipal(c),
      c.req.valid('param').id,
      c.req.valid('json').reason!,
    ),
  );

export const listEvents: AppHandler<typeof R.listEvents> = async (c) => {
  const items = unwrap(
    await requests.listRequestEvents(c.get('services'), requirePrincipal(c), c.req.valid('param').id),
  );
  return c.json({ items }, 200);
};
