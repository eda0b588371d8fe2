// Wiring of audit routes.
import { createRouter } from '../../create-app';
import * as H from './audit.handlers';
import * as R from './audit.routes';

export const auditRouter = createRouter()
  .openapi(R.listAuditEvents, H.listAuditEvents)
  .openapi(R.verifyAudit, H.verifyAudit);
