// Wiring of the catalogue routes (import before {id} so the literal path wins).
import { createRouter } from '../../create-app';
import * as H from './datasets.handlers';
import * as R from './datasets.routes';
import * as OfferH from './desk-offers.handlers';
import * as OfferR from './desk-offers.routes';

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
  .openapi(R.exportCatalog, H.exportCatalog)
  .openapi(OfferR.createDeskOffer, OfferH.createDeskOffer)
  .openapi(OfferR.listDeskOffers, OfferH.listDeskOffers)
  .openapi(OfferR.getDeskOffer, OfferH.getDeskOffer)
  .openapi(OfferR.acceptDeskOffer, OfferH.acceptDeskOffer)
  .openapi(OfferR.declineDeskOffer, OfferH.declineDeskOffer)
  .openapi(OfferR.withdrawDeskOffer, OfferH.withdrawDeskOffer);
