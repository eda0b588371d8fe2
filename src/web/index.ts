// The console's areas, mounted on one router: one folder per area under src/web/areas, as the API has one
// folder per resource under src/http/routes.
import type { Context } from 'hono';
import type { Config } from '../config/config';
import { Problem } from '../domain/problem';
import { accountArea } from './areas/account';
import { adminArea } from './areas/admin';
import { applicationsArea } from './areas/applications';
import { auditArea } from './areas/audit';
import { catalogueArea } from './areas/catalogue';
import { deskAdminArea } from './areas/desk-admin';
import { desksArea } from './areas/desks';
import { evaluationsArea } from './areas/evaluations';
import { homeArea } from './areas/home';
import { myDatasetsArea } from './areas/my-datasets';
import { registerArea } from './areas/register';
import { reviewArea } from './areas/review';
import { visasArea } from './areas/visas';
import { consoleRouter, errorPage } from './console';
import type { ConsoleOptions, WebContext } from './context';

export { isConsolePath } from './console';
export type { ConsoleOptions } from './context';

/** The console's options from the desk's configuration. */
export function consoleOptionsFor(config: Config): ConsoleOptions {
  const client = config.oidc?.client;
  return {
    publicBaseUrl: config.publicBaseUrl,
    devIssuer: config.devIssuer?.issuer,
    oidc:
      config.oidc && client
        ? {
            issuer: config.oidc.issuer,
            clientId: client.id,
            clientSecret: client.secret,
            name: client.providerName,
          }
        : undefined,
    secureCookies: config.publicBaseUrl.startsWith('https:'),
    allowInsecureOidc: client?.allowHttp === true,
  };
}

export interface Console {
  router: ReturnType<typeof consoleRouter>;
  /** The console's answer to an error on one of its paths: a page in the path's language, never JSON. */
  errorPage(err: Error | undefined, c: Context, status: number): Response | Promise<Response>;
}

export function buildConsole(options: ConsoleOptions): Console {
  return {
    router: consoleRouter(options, [
      accountArea(),
      homeArea(),
      applicationsArea(),
      visasArea(),
      catalogueArea(),
      desksArea(),
      registerArea(),
      myDatasetsArea(),
      adminArea(),
      deskAdminArea(),
      evaluationsArea(),
      reviewArea(),
      auditArea(),
    ]),
    errorPage(err, c, status) {
      const web = c as unknown as WebContext;
      if (!web.get('console')) web.set('console', options);
      return errorPage(web, err instanceof Problem ? err : undefined, status);
    },
  };
}
