// Wiring of evaluation grid routes.
import { createRouter } from '../../create-app';
import * as H from './grids.handlers';
import * as R from './grids.routes';

export const gridsRouter = createRouter().openapi(R.listGrids, H.listGrids).openapi(R.getGrid, H.getGrid);
