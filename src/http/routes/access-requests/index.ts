// Wiring of access-application routes.
import { createRouter } from '../../create-app';
import * as H from './access-requests.handlers';
import * as R from './access-requests.routes';

export const accessRequestsRouter = createRouter()
  .openapi(R.createAccessRequest, H.createAccessRequest)
  .openapi(R.listAccessRequests, H.listAccessRequests)
  .openapi(R.getAccessRequest, H.getAccessRequest)
  .openapi(R.updateAccessRequest, H.updateAccessRequest)
  .openapi(R.submitAccessRequest, H.submitAccessRequest)
  .openapi(R.withdrawAccessRequest, H.withdrawAccessRequest)
  .openapi(R.startReview, H.startReview)
  .openapi(R.requestChanges, H.requestChanges)
  .openapi(R.castVote, H.castVote)
  .openapi(R.decide, H.decide)
  .openapi(R.revokeAccessRequest, H.revokeAccessRequest)
  .openapi(R.listEvents, H.listEvents);
