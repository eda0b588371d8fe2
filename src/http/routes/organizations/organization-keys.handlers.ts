// Handlers of organisations' signing keys.
import * as keys from '../../../services/organization-keys';
import type { AppHandler } from '../../context';
import { requirePrincipal, unwrap } from '../../respond';
import type * as R from './organization-keys.routes';

export const listOrganizationKeys: AppHandler<typeof R.listOrganizationKeys> = async (c) =>
  c.json(unwrap(await keys.organizationKeyList(c.get('services'), c.req.valid('param').id)), 200);

export const organizationJwks: AppHandler<typeof R.organizationJwks> = async (c) =>
  c.json(unwrap(await keys.organizationJwks(c.get('services'), c.req.valid('param').id)), 200, {
    'content-type': 'application/jwk-set+json',
  });

export const registerOrganizationKey: AppHandler<typeof R.registerOrganizationKey> = async (c) => {
  const { id } = c.req.valid('param');
  const view = unwrap(
    await keys.registerOrganizationKey(c.get('services'), requirePrincipal(c), id, c.req.valid('json').jwk),
  );
  return c.json(view, 201, {
    location: `/v1/organizations/${id}/keys/${encodeURIComponent(view.kid)}`,
  });
};

export const retireOrganizationKey: AppHandler<typeof R.retireOrganizationKey> = async (c) => {
  const { id, kid } = c.req.valid('param');
  return c.json(
    unwrap(await keys.retireOrganizationKey(c.get('services'), requirePrincipal(c), id, kid)),
    200,
  );
};

export const setOrganizationJwksUrl: AppHandler<typeof R.setOrganizationJwksUrl> = async (c) =>
  c.json(
    unwrap(
      await keys.setOrganizationJwksUrl(
        c.get('services'),
        requirePrincipal(c),
        c.req.valid('param').id,
        c.req.valid('json').url,
      ),
    ),
    200,
  );

export const refreshOrganizationKeys: AppHandler<typeof R.refreshOrganizationKeys> = async (c) =>
  c.json(
    unwrap(
      await keys.refreshOrganizationKeys(c.get('services'), requirePrincipal(c), c.req.valid('param').id),
    ),
    200,
  );
