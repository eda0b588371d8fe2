// The dev issuer's key pair lives in the data folder so the CLI and the server sign and verify alike.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DevIssuerKey, generateDevIssuerKey } from '../crypto/dev-issuer';

export async function loadOrCreateDevIssuerKey(dataDir: string): Promise<DevIssuerKey> {
  const file = join(dataDir, 'dev-issuer.jwk.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DevIssuerKey;
  mkdirSync(dataDir, { recursive: true });
  const key = await generateDevIssuerKey();
  writeFileSync(file, JSON.stringify(key, null, 2), { flag: 'wx' });
  chmodSync(file, 0o600);
  return key;
}
