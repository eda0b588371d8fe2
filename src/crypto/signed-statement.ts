// Signed statements of the desk (checkpoints, receipts for partners' signatures): a compact JWS (ES256) over the
// canonical JSON (RFC 8785 key order) of a document, verifiable with the desk's JWKS.
import { CompactSign } from 'jose';
import { canonicalJson } from '../domain/canonical-json';

export function signStatement(
  key: { kid: string; privateKey: CryptoKey },
  typ: string,
  document: unknown,
): Promise<string> {
  return new CompactSign(new TextEncoder().encode(canonicalJson(document)))
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ })
    .sign(key.privateKey);
}
