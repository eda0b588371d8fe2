// Handlers of grants, visas and the JWKS.
import * as grants from '../../../services/grants';
import * as signingKeys from '../../../services/signing-keys';
import type { AppHandler } from '../../context';
import { requireIdentity, requirePrincipal, unwrap } from '../../respond';
import type * as R from './grants.routes';

export const listGrants: AppHandler<typeof R.listGrants> = async (c) =>
  c.json(await grants.listGrants(c.get('services'), requirePrincipal(c), c.req.valid('query')), 200);

export const getGrant: AppHandler<typeof R.getGrant> = async (c) =>
  c.json(unwrap(await grants.getGrant(c.get('services'), requirePrincipal(c), c.req.valid('param').id)), 200);

export const revokeGrant: AppHandler<typeof R.revokeGrant> = async (c) => {
  const { id } = c.req.valid('param');
  return c.json(
    unwrap(await grants.revokeGrant(c.get('services'), requirePrincipal(c), id, c.req.valid('json').reason)),
    200,
  );
};

export const grantStatus: AppHandler<typeof R.grantStatus> = async (c) =>
  c.json(unwrap(await grants.publicGrantStatus(c.get('services'), c.req.valid('param').id)), 200, {
    'cache-control': 'no-store',
  });

export const myVisas: AppHandler<typeof R.myVisas> = async (c) => {
  const items = await grants.myVisas(c.get('services'), requireIdentity(c));
  return c.json({ ga4gh_passport_v1: items.map((i) => i.visa), items }, 200, { 'cache-control': 'no-store' });
};

export const verifyVisa: AppHandler<typeof R.verifyVisa> = async (c) =>
  c.json(await grants.verifyVisa(c.get('services'), c.req.valid('json').visa), 200, {
    'cache-control': 'no-store',
  });

export const keyHistory: AppHandler<typeof R.keyHistory> = async (c) =>
  c.json(await signingKeys.keyHistory(c.get('services')), 200, { 'cache-control': 'public, max-age=300' });

export const rotateSigningKeys: AppHandler<typeof R.rotateSigningKeys> = async (c) =>
  c.json(unwrap(await signingKeys.rotateSigningKeysAs(c.get('services'), requirePrincipal(c))), 201);

export const jwks: AppHandler<typeof R.jwks> = async (c) =>
  c.json(await signingKeys.publishedKeys(c.get('services')), 200, { 'cache-control': 'public, max-age=300' });
