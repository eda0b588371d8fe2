// Wiring of grant, visa and key routes.
import { createRouter } from '../../create-app';
import * as H from './grants.handlers';
import * as R from './grants.routes';

export const grantsRouter = createRouter()
  .openapi(R.listGrants, H.listGrants)
  .openapi(R.getGrant, H.getGrant)
  .openapi(R.revokeGrant, H.revokeGrant)
  .openapi(R.grantStatus, H.grantStatus)
  .openapi(R.myVisas, H.myVisas)
  .openapi(R.verifyVisa, H.verifyVisa)
  .openapi(R.keyHistory, H.keyHistory)
  .openapi(R.rotateSigningKeys, H.rotateSigningKeys)
  .openapi(R.jwks, H.jwks);
