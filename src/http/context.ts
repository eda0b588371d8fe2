// The typed Hono environment: what every handler can read from the context.
import type { OpenAPIHono, RouteConfig, RouteHandler } from '@hono/zod-openapi';
import type { TokenVerifier } from '../crypto/token-verifier';
import type { Deps, Principal } from '../services/deps';

export interface AppServices extends Deps {
  verifyToken: TokenVerifier;
  /** Whether the database answers; used by /healthz. */
  ping: () => Promise<boolean>;
}

export interface AppEnv {
  Variables: {
    services: AppServices;
    principal: Principal | undefined;
  };
}

export type AppRouter = OpenAPIHono<AppEnv>;
export type AppHandler<R extends RouteConfig> = RouteHandler<R, AppEnv>;
