// Wiring of evaluation routes.
import { createRouter } from '../../create-app';
import * as H from './evaluations.handlers';
import * as R from './evaluations.routes';

export const evaluationsRouter = createRouter()
  .openapi(R.openEvaluation, H.openEvaluation)
  .openapi(R.listEvaluations, H.listEvaluations)
  .openapi(R.getEvaluation, H.getEvaluation)
  .openapi(R.scoreEvaluation, H.scoreEvaluation)
  .openapi(R.evaluationSigningDocument, H.evaluationSigningDocument)
  .openapi(R.countersigningDocument, H.countersigningDocument)
  .openapi(R.submitEvaluation, H.submitEvaluation)
  .openapi(R.countersignEvaluation, H.countersignEvaluation)
  .openapi(R.disputeEvaluation, H.disputeEvaluation)
  .openapi(R.getDispute, H.getDispute)
  .openapi(R.answerDispute, H.answerDispute)
  .openapi(R.reviseEvaluation, H.reviseEvaluation)
  .openapi(R.evaluationHistory, H.evaluationHistory)
  .openapi(R.scorecard, H.scorecard)
  .openapi(R.chart, H.chart);
