// Wiring of the catalogue routes (import before {id} so the literal path wins).
import { createRouter } from '../../create-app';
import * as H from './datasets.handlers';
import * as R from './datasets.routes';

export const datasetsRouter = createRouter()
  .openapi(R.searchDatasets, H.searchDatasets)
  .openapi(R.importDatasets, H.importDatasets)
  .openapi(R.createDataset, H.createDataset)
  .openapi(R.getDataset, H.getDataset)
  .openapi(R.updateDataset, H.updateDataset)
  .openapi(R.publishDataset, H.publishDataset)
  .openapi(R.retireDataset, H.retireDataset)
  .openapi(R.listRevisions, H.listRevisions)
  .openapi(R.getRevision, H.getRevision)
  .openapi(R.diffRevisions, H.diffRevisions)
  .openapi(R.exportCatalog, H.exportCatalog);
