// Handlers of desk offers.
import * as offers from '../../../services/desk-offers';
import type { AppHandler } from '../../context';
import { withIdempotency } from '../../idempotency';
import { requirePrincipal, unwrap } from '../../respond';
import type * as R from './desk-offers.routes';

export const createDeskOffer: AppHandler<typeof R.createDeskOffer> = async (c) => {
  const body = c.req.valid('json');
  const created = await withIdempotency(c, body, async (services) => {
    const offer = unwrap(await offers.offerDataset(services, requirePrincipal(c), body));
    return { status: 201, body: offer, headers: { location: `/v1/desk-offers/${offer.id}` } };
  });
  return c.json(created.body, created.status, created.headers);
};

export const listDeskOffers: AppHandler<typeof R.listDeskOffers> = async (c) => {
  const page = unwrap(await offers.listOffers(c.get('services'), requirePrincipal(c), c.req.valid('query')));
  return c.json(page, 200);
};

export const getDeskOffer: AppHandler<typeof R.getDeskOffer> = async (c) => {
  const offer = unwrap(
    await offers.getOffer(c.get('services'), requirePrincipal(c), c.req.valid('param').id),
  );
  return c.json(offer, 200);
};

export const acceptDeskOffer: AppHandler<typeof R.acceptDeskOffer> = async (c) => {
  const offer = unwrap(
    await offers.decideOffer(c.get('services'), requirePrincipal(c), c.req.valid('param').id, 'accept'),
  );
  return c.json(offer, 200);
};

export const withdrawDeskOffer: AppHandler<typeof R.withdrawDeskOffer> = async (c) => {
  const offer = unwrap(
    await offers.decideOffer(c.get('services'), requirePrincipal(c), c.req.valid('param').id, 'withdraw'),
  );
  return c.json(offer, 200);
};

export const declineDeskOffer: AppHandler<typeof R.declineDeskOffer> = async (c) => {
  const offer = unwrap(
    await offers.decideOffer(
      c.get('services'),
      requirePrincipal(c),
      c.req.valid('param').id,
      'decline',
      c.req.valid('json').reason,
    ),
  );
  return c.json(offer, 200);
};
