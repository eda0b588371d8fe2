// Envelope encryption of signing keys at rest: AES-256-GCM under a key-encryption key from configuration.
// Web Crypto only, so the same code runs on Node and Workers.

const te = new TextEncoder();
const td = new TextDecoder();

function b64u(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function unb64u(text: string): Uint8Array<ArrayBuffer> {
  const s = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

/** Parses the configured key (base64url of 32 random bytes); undefined when it is not one. */
export async function importKeyEncryptionKey(encoded: string): Promise<CryptoKey | undefined> {
  let raw: Uint8Array<ArrayBuffer>;
  try {
    raw = unb64u(encoded.trim());
  } catch {
    return undefined;
  }
  if (raw.length !== 32) return undefined;
  return crypto.subtle.importKey('raw', raw, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
}

export function newKeyEncryptionKey(): string {
  return b64u(crypto.getRandomValues(new Uint8Array(32)));
}

/** `v1.<iv>.<ciphertext>`; the key id is bound as additional data so ciphertexts cannot be swapped. */
export async function seal(kek: CryptoKey, plaintext: string, context: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: te.encode(context) },
    kek,
    te.encode(plaintext),
  );
  return `v1.${b64u(iv)}.${b64u(new Uint8Array(ct))}`;
}

export async function open(kek: CryptoKey, sealed: string, context: string): Promise<string> {
  const [version, iv, ct] = sealed.split('.');
  if (version !== 'v1' || !iv || !ct) throw new Error('unknown sealed-key format');
  const pt = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: unb64u(iv), additionalData: te.encode(context) },
    kek,
    unb64u(ct),
  );
  return td.decode(pt);
}
