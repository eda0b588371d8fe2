// Handlers of organisations and memberships.
import * as orgs from '../../../services/organizations';
import type { AppHandler } from '../../context';
import { requirePrincipal, unwrap } from '../../respond';
import type * as R from './organizations.routes';

export const listOrganizations: AppHandler<typeof R.listOrganizations> = async (c) =>
  c.json({ items: await orgs.listOrganizations(c.get('services')) }, 200);

export const createOrganization: AppHandler<typeof R.createOrganization> = async (c) => {
  const created = unwrap(
    await orgs.createOrganization(c.get('services'), requirePrincipal(c), c.req.valid('json')),
  );
  return c.json(created, 201, { location: `/v1/organizations/${created.id}` });
};

export const getOrganization: AppHandler<typeof R.getOrganization> = async (c) =>
  c.json(unwrap(await orgs.getOrganization(c.get('services'), c.req.valid('param').id)), 200);

export const listMembers: AppHandler<typeof R.listMembers> = async (c) => {
  const items = unwrap(
    await orgs.listMembers(c.get('services'), requirePrincipal(c), c.req.valid('param').id),
  );
  return c.json({ items }, 200);
};

export const addMember: AppHandler<typeof R.addMember> = async (c) => {
  const principal = requirePrincipal(c);
  const body = c.req.valid('json');
  const created = unwrap(
    await orgs.addMember(c.get('services'), principal, c.req.valid('param').id, {
      issuer: body.issuer ?? principal.issuer,
      subject: body.subject,
      role: body.role,
    }),
  );
  return c.json(created, 201);
};

export const removeMember: AppHandler<typeof R.removeMember> = async (c) => {
  const { id, membershipId } = c.req.valid('param');
  unwrap(await orgs.removeMember(c.get('services'), requirePrincipal(c), id, membershipId));
  return c.body(null, 204);
};

export const changeMemberRole: AppHandler<typeof R.changeMemberRole> = async (c) => {
  const { id, membershipId } = c.req.valid('param');
  const changed = unwrap(
    await orgs.changeMemberRole(
      c.get('services'),
      requirePrincipal(c),
      id,
      membershipId,
      c.req.valid('json').role,
    ),
  );
  return c.json(changed, 200);
};
