// Wiring of organisation routes.
import { createRouter } from '../../create-app';
import * as KH from './organization-keys.handlers';
import * as KR from './organization-keys.routes';
import * as H from './organizations.handlers';
import * as R from './organizations.routes';

export const organizationsRouter = createRouter()
  .openapi(R.listOrganizations, H.listOrganizations)
  .openapi(R.createOrganization, H.createOrganization)
  .openapi(R.getOrganization, H.getOrganization)
  .openapi(R.listMembers, H.listMembers)
  .openapi(R.addMember, H.addMember)
  .openapi(R.removeMember, H.removeMember)
  .openapi(R.changeMemberRole, H.changeMemberRole)
  .openapi(KR.listOrganizationKeys, KH.listOrganizationKeys)
  .openapi(KR.organizationJwks, KH.organizationJwks)
  .openapi(KR.registerOrganizationKey, KH.registerOrganizationKey)
  .openapi(KR.refreshOrganizationKeys, KH.refreshOrganizationKeys)
  .openapi(KR.retireOrganizationKey, KH.retireOrganizationKey)
  .openapi(KR.setOrganizationJwksUrl, KH.setOrganizationJwksUrl);
