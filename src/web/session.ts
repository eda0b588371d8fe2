// The console's session: a cookie sealed with the desk's key-encryption key (AES-256-GCM, bound to its
// purpose), holding who signed in, until when, and the secret its forms must echo (CSRF).
import { open, seal } from '../crypto/key-encryption';
import type { Identity } from '../services/deps';

export interface Session {
  /** Absent for a visitor who has only been given a form to post (the sign-in page). */
  identity?: Identity & { name?: string | undefined };
  /** The synchroniser token every form of this session carries (OWASP CSRF cheat sheet). */
  csrf: string;
  /** Seconds since the epoch after which the cookie is worth nothing, whatever the browser keeps. */
  expiresAt: number;
}

/** A signed-in session lasts a working day; a visitor's form token an hour. */
export const SIGNED_IN_SECONDS = 8 * 3600;
export const VISITOR_SECONDS = 3600;

const SESSION_PURPOSE = 'phoenix-console-session/v1';

export function newCsrfToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

export function sealSession(key: CryptoKey, session: Session): Promise<string> {
  return seal(key, JSON.stringify(session), SESSION_PURPOSE);
}

/** The session a cookie holds, or undefined when it is absent, forged, sealed for another purpose or expired. */
export async function openSession(
  key: CryptoKey,
  sealed: string | undefined,
  now: Date,
): Promise<Session | undefined> {
  if (!sealed || sealed.length > 4096) return undefined;
  let session: Session;
  try {
    session = JSON.parse(await open(key, sealed, SESSION_PURPOSE)) as Session;
  } catch {
    return undefined;
  }
  if (typeof session.csrf !== 'string' || typeof session.expiresAt !== 'number') return undefined;
  return session.expiresAt * 1000 > now.getTime() ? session : undefined;
}

/** Compares without stopping at the first difference, so timing tells nothing of the token. */
export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined || a.length !== b.length || a.length === 0) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
