// Wiring of evaluation routes.
import { createRouter } from '../../create-app';
import * as H from './evaluations.handlers';
import * as R from './evaluations.routes';

export const evaluationsRouter = createRouter()
  .openapi(R.openEvaluation, H.openEvaluation)
  .openapi(R.getEvaluation, H.getEvaluation)
  .openapi(R.scoreEvaluation, H.scoreEvaluation)
  .openapi(R.submitEvaluation, H.submitEvaluation)
  .openapi(R.countersignEvaluation, H.countersignEvaluation)
  .openapi(R.scorecard, H.scorecard)
  .openapi(R.chart, H.chart);
