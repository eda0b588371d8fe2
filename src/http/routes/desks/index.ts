// Wiring of desk routes.
import { createRouter } from '../../create-app';
import * as H from './desks.handlers';
import * as R from './desks.routes';

export const desksRouter = createRouter()
  .openapi(R.listDesks, H.listDesks)
  .openapi(R.createDesk, H.createDesk)
  .openapi(R.getDesk, H.getDesk)
  .openapi(R.deskMetrics, H.deskMetrics)
  .openapi(R.listDeskAuditors, H.listDeskAuditors)
  .openapi(R.appointDeskAuditor, H.appointDeskAuditor)
  .openapi(R.removeDeskAuditor, H.removeDeskAuditor)
  .openapi(R.updateDesk, H.updateDesk)
  .openapi(R.listDeskReviewers, H.listDeskReviewers)
  .openapi(R.addDeskReviewer, H.addDeskReviewer)
  .openapi(R.removeDeskReviewer, H.removeDeskReviewer);
