// Wiring of harvest routes.
import { createRouter } from '../../create-app';
import * as H from './harvest.handlers';
import * as R from './harvest.routes';

export const harvestRouter = createRouter()
  .openapi(R.listHarvestSources, H.listHarvestSources)
  .openapi(R.createHarvestSource, H.createHarvestSource)
  .openapi(R.getHarvestSource, H.getHarvestSource)
  .openapi(R.updateHarvestSource, H.updateHarvestSource)
  .openapi(R.deleteHarvestSource, H.deleteHarvestSource)
  .openapi(R.runHarvestSource, H.runHarvestSource)
  .openapi(R.listHarvestRuns, H.listHarvestRuns);
