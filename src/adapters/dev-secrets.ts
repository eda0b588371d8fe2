// Development secrets kept in the data folder: the dev issuer's key pair (so the CLI and the server sign and
// verify alike) and the key-encryption key of signing keys.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DevIssuerKey, generateDevIssuerKey } from '../crypto/dev-issuer';
import { newKeyEncryptionKey } from '../crypto/key-encryption';

export async function loadOrCreateDevIssuerKey(dataDir: string): Promise<DevIssuerKey> {
  const file = join(dataDir, 'dev-issuer.jwk.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DevIssuerKey;
  mkdirSync(dataDir, { recursive: true });
  const key = await generateDevIssuerKey();
  writeFileSync(file, JSON.stringify(key, null, 2), { flag: 'wx' });
  chmodSync(file, 0o600);
  return key;
}

/** The development key-encryption key, created on first use (production passes PHOENIX_KEY_ENCRYPTION_KEY). */
export function loadOrCreateKeyEncryptionKey(dataDir: string): string {
  const file = join(dataDir, 'key-encryption.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const key = newKeyEncryptionKey();
  writeFileSync(file, key, { flag: 'wx', mode: 0o600 });
  return key;
}
