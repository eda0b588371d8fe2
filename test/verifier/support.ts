// What the verifier's suites build their files with: keys that sign, multiproofs over a hand-made tree, and a
// checkpoint the desk signs and a witness cosigns.
import { CompactSign, calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { canonicalJson } from '../../src/domain/canonical-json';
import { fromLeaves, type Hash, rangeRoot, toHex } from '../../src/domain/merkle';

export interface Signer {
  kid: string;
  jwk: JWK;
  privateKey: CryptoKey;
  thumbprint: string;
}

export async function signer(kid: string): Promise<Signer> {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  return { kid, jwk, privateKey, thumbprint: await calculateJwkThumbprint(jwk, 'sha256') };
}

export const sign = (s: Signer, typ: string, payload: unknown) =>
  new CompactSign(new TextEncoder().encode(typeof payload === 'string' ? payload : canonicalJson(payload)))
    .setProtectedHeader({ alg: 'ES256', kid: s.kid, typ })
    .sign(s.privateKey);

/** A multiproof for `targets` in the tree of `leaves`: ranges without a target given as nodes. */
export async function multiproof(leaves: Hash[], targets: number[]) {
  const perfect = fromLeaves(leaves);
  const nodes: { start: number; size: number; hash: string }[] = [];
  const walk = async (start: number, size: number): Promise<void> => {
    if (!targets.some((i) => i >= start && i < start + size)) {
      nodes.push({ start, size, hash: toHex(await rangeRoot(perfect, start, size)) });
      return;
    }
    if (size === 1) return;
    let k = 1;
    while (k * 2 < size) k *= 2;
    await walk(start, k);
    await walk(start + k, size - k);
  };
  await walk(0, leaves.length);
  return { root: toHex(await rangeRoot(perfect, 0, leaves.length)), nodes };
}

export const flip = (s: string) =>
  s.replace(/^./, (c) => (c === 'A' || c === '0' ? 'B' : c === 'B' ? 'A' : c === '1' ? '0' : '0'));

/** An organisation's key as the desk lists it. */
export const keyView = (org: string, s: Signer, addedAt: string, retiredAt: string | null = null) => ({
  organizationId: org,
  kid: s.kid,
  jwk: s.jwk,
  thumbprint: s.thumbprint,
  origin: 'uploaded',
  addedAt,
  retiredAt,
});

/** The desk's signed tree head of `origin` with its note, cosigned by the witness of `witnessOrganization`. */
export async function signedCheckpoint(
  desk: Signer,
  witness: { signer: Signer; organizationId: string },
  head: { origin: string; treeSize: number; rootHash: string; timestamp: string },
) {
  const { origin, treeSize, rootHash, timestamp } = head;
  const note = `${origin}\n${treeSize}\n${Buffer.from(rootHash, 'hex').toString('base64')}\n`;
  return {
    treeSize,
    rootHash,
    timestamp,
    kid: desk.kid,
    signature: await sign(desk, 'phoenix-checkpoint+jws', {
      issuer: `https://${origin}`,
      rootHash,
      timestamp,
      treeSize,
    }),
    note,
    cosignatures: [
      {
        organizationId: witness.organizationId,
        signature: await sign(
          witness.signer,
          'phoenix-cosignature+jws',
          `cosignature/v1\ntime 1780736400\n${note}`,
        ),
      },
    ],
  };
}
