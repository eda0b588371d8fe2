// Wiring of audit routes.
import { createRouter } from '../../create-app';
import * as H from './audit.handlers';
import * as R from './audit.routes';
import * as DH from './denials.handlers';
import * as DR from './denials.routes';

export const auditRouter = createRouter()
  .openapi(R.latestCheckpoint, H.latestCheckpoint)
  .openapi(R.listCheckpoints, H.listCheckpoints)
  .openapi(R.getCheckpoint, H.getCheckpoint)
  .openapi(R.cosignCheckpoint, H.cosignCheckpoint)
  .openapi(R.makeCheckpoint, H.makeCheckpoint)
  .openapi(R.inclusionProof, H.inclusionProof)
  .openapi(R.consistencyProof, H.consistencyProof)
  .openapi(R.listAuditEvents, H.listAuditEvents)
  .openapi(R.verifyAudit, H.verifyAudit)
  .openapi(R.deskLog, H.deskLog)
  .openapi(DR.listDeniedWrites, DH.listDeniedWrites);
