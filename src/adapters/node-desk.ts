// Assembles the desk on Node from a parsed configuration: database, token verifier, services, app.
import type { Config } from '../config/config';
import type { DevIssuerKey } from '../crypto/dev-issuer';
import { importKeyEncryptionKey } from '../crypto/key-encryption';
import { createTokenVerifier, localKeys, remoteKeys, type TokenVerifier } from '../crypto/token-verifier';
import { buildApp } from '../http/app';
import type { AppServices } from '../http/context';
import { jsonLinesLogger, type Logger } from '../services/logger';
import { refreshStaleSearchColumns } from '../services/search-index';
import { consoleOptionsFor } from '../web';
import type { LockHolder } from './data-dir-lock';
import { loadOrCreateDevIssuerKey, loadOrCreateKeyEncryptionKey } from './dev-secrets';
import { type OpenDatabase, openPglite, openPostgres } from './node-database';
import { memoryRateLimiter, socketAddress } from './node-rate-limiter';

export interface NodeDesk {
  app: ReturnType<typeof buildApp>;
  services: AppServices;
  database: OpenDatabase;
  devIssuerKey: DevIssuerKey | undefined;
  logger: Logger;
}

export function tokenVerifierFor(config: Config, devKey: DevIssuerKey | undefined): TokenVerifier {
  if (config.oidc) {
    return createTokenVerifier({
      issuer: config.oidc.issuer,
      audience: config.oidc.audience,
      algorithms: config.oidc.algorithms,
      keys: remoteKeys(config.oidc.jwksUrl),
    });
  }
  if (config.devIssuer && devKey) {
    return createTokenVerifier({
      issuer: config.devIssuer.issuer,
      audience: config.devIssuer.audience,
      algorithms: ['ES256'],
      keys: localKeys({ keys: [devKey.publicJwk] }),
    });
  }
  // No identity provider: every token is refused (fail closed), public routes still answer.
  return async () => undefined;
}

/** PostgreSQL when configured; otherwise the embedded database, locked for `holder` while it is open. */
export async function openNodeDatabase(config: Config, holder?: LockHolder): Promise<OpenDatabase> {
  return config.databaseUrl
    ? openPostgres(config.databaseUrl, { timeouts: config.databaseTimeouts })
    : openPglite(config.dataDir, holder);
}

export async function createNodeDesk(
  config: Config,
  options: {
    database?: OpenDatabase;
    devIssuerKey?: DevIssuerKey;
    keyEncryptionKey?: string;
    now?: () => Date;
    holder?: LockHolder;
    logger?: Logger;
  } = {},
): Promise<NodeDesk> {
  const database = options.database ?? (await openNodeDatabase(config, options.holder));
  await database.migrate();
  await refreshStaleSearchColumns(database.db);
  const devIssuerKey = config.devIssuer
    ? (options.devIssuerKey ?? (await loadOrCreateDevIssuerKey(config.dataDir)))
    : undefined;
  const kek = await importKeyEncryptionKey(
    options.keyEncryptionKey ?? config.keyEncryptionKey ?? loadOrCreateKeyEncryptionKey(config.dataDir),
  );
  if (!kek) throw new Error('PHOENIX_KEY_ENCRYPTION_KEY is not 32 bytes of base64url');
  const services: AppServices = {
    db: database.db,
    keyEncryptionKey: kek,
    allowHttpWebhooks: config.allowHttpWebhooks,
    now: options.now ?? (() => new Date()),
    publicBaseUrl: config.publicBaseUrl,
    verifyToken: tokenVerifierFor(config, devIssuerKey),
    ping: database.ping,
    rateLimiter: memoryRateLimiter(config.rateLimits),
    clientAddress: socketAddress,
  };
  const logger =
    options.logger ??
    jsonLinesLogger({ level: config.logLevel, write: (line) => process.stdout.write(`${line}\n`) });
  return {
    app: buildApp(config.publicBaseUrl, services, logger, consoleOptionsFor(config)),
    services,
    database,
    devIssuerKey,
    logger,
  };
}
