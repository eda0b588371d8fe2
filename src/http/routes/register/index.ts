// Wiring of the public register.
import { createRouter } from '../../create-app';
import * as H from './register.handlers';
import * as R from './register.routes';

export const registerRouter = createRouter().openapi(R.register, H.register);
