// The typed Hono environment: what every handler can read from the context.
import type { OpenAPIHono, RouteConfig, RouteHandler } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { TokenVerifier } from '../crypto/token-verifier';
import type { Deps, Identity, Principal } from '../services/deps';
import type { RateLimiter } from './rate-limit';

export interface AppServices extends Deps {
  verifyToken: TokenVerifier;
  /** Whether the database answers; used by /healthz. */
  ping: () => Promise<boolean>;
  rateLimiter: RateLimiter;
  /** The caller's network address as the runtime sees it (a socket's peer, or the platform's header). */
  clientAddress?: (c: Context<AppEnv>) => string | undefined;
}

export interface AppEnv {
  /** On Workers the adapter hands each request its services (and their database client) this way. */
  Bindings: { services?: AppServices };
  Variables: {
    services: AppServices;
    principal: Principal | undefined;
    /** Who the verified token names; set on every authenticated request, even when `principal` is not. */
    identity: Identity | undefined;
    /** The request's id (`x-request-id`): the caller's when well formed, else generated. */
    requestId: string;
  };
}

export type AppRouter = OpenAPIHono<AppEnv>;
export type AppHandler<R extends RouteConfig> = RouteHandler<R, AppEnv>;
