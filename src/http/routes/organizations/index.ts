// Wiring of organisation routes.
import { createRouter } from '../../create-app';
import * as H from './organizations.handlers';
import * as R from './organizations.routes';

export const organizationsRouter = createRouter()
  .openapi(R.listOrganizations, H.listOrganizations)
  .openapi(R.createOrganization, H.createOrganization)
  .openapi(R.getOrganization, H.getOrganization)
  .openapi(R.listMembers, H.listMembers)
  .openapi(R.addMember, H.addMember)
  .openapi(R.removeMember, H.removeMember)
  .openapi(R.changeMemberRole, H.changeMemberRole);
