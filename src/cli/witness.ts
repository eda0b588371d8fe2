// A witness run against one desk: read its latest signed tree head, check the desk's signature with its JWKS,
// ask for a consistency proof from the head this witness cosigned last, and cosign only when the pure witness
// rules (src/domain/witness.ts) accept it. The organisation's private key never leaves the witness.
import { CompactSign, compactVerify, createLocalJWKSet, importJWK, type JWK } from 'jose';
import { fromHex, toHex } from '../domain/merkle';
import {
  COSIGNATURE_TYP,
  checkpointNote,
  cosignatureText,
  type WitnessState,
  witnessHead,
} from '../domain/witness';

export interface WitnessRun {
  /** The desk's base URL. */
  deskUrl: string;
  /** The organisation's private ES256 JWK (with `kid`, as registered). */
  key: JWK;
  organizationId: string;
  state: WitnessState;
  now: () => Date;
  fetch: (url: string, init?: RequestInit) => Promise<Response>;
}

export type WitnessOutcome =
  | { ok: true; state: WitnessState; treeSize: number; rootHash: string; origin: string }
  | { ok: false; reason: string; message: string };

interface Head {
  treeSize: number;
  rootHash: string;
  signature: string;
  kid: string;
  origin: string;
  note: string;
}

/** A JSON answer of the desk at `path`; a refusal throws with its status, detail and violations. */
export async function deskJson(
  fetcher: (url: string, init?: RequestInit) => Promise<Response>,
  deskUrl: string,
  path: string,
  init?: RequestInit,
): Promise<unknown> {
  const res = await fetcher(new URL(path, deskUrl).toString(), init);
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    const detail = (body as { detail?: string; violations?: { message: string }[] } | null) ?? {};
    throw new Error(
      `${init?.method ?? 'GET'} ${path}: ${res.status} ${detail.detail ?? ''} ${(detail.violations ?? []).map((v) => v.message).join('; ')}`.trim(),
    );
  }
  return body;
}

const json = (run: WitnessRun, path: string, init?: RequestInit) =>
  deskJson(run.fetch, run.deskUrl, path, init);

/** The desk's latest tree head, its signature checked with the desk's published keys. */
async function signedHead(run: WitnessRun): Promise<Head> {
  const head = (await json(run, '/v1/audit/checkpoints/latest')) as Head;
  const jwks = createLocalJWKSet((await json(run, '/.well-known/jwks.json')) as { keys: JWK[] });
  const { payload, protectedHeader } = await compactVerify(head.signature, jwks, { algorithms: ['ES256'] });
  if (protectedHeader.typ !== 'phoenix-checkpoint+jws') throw new Error('the tree head is not a checkpoint');
  const signed = JSON.parse(new TextDecoder().decode(payload)) as { treeSize: number; rootHash: string };
  // What the witness cosigns is what the desk signed, not what the response says beside it.
  if (signed.treeSize !== head.treeSize || signed.rootHash !== head.rootHash)
    throw new Error('the tree head differs from what the desk signed');
  if (head.note !== checkpointNote(head.origin, head.treeSize, toHex(fromHex(head.rootHash))))
    throw new Error('the note does not state the signed tree head');
  return head;
}

export async function runWitness(run: WitnessRun): Promise<WitnessOutcome> {
  const head = await signedHead(run);
  const last = run.state.logs[head.origin];
  let proof: string[] = [];
  if (last && last.treeSize > 0 && head.treeSize > last.treeSize) {
    const p = (await json(run, `/v1/audit/proofs/consistency?from=${last.treeSize}&to=${head.treeSize}`)) as {
      proof: string[];
    };
    proof = p.proof;
  }
  const verdict = await witnessHead(
    run.state,
    { origin: head.origin, treeSize: head.treeSize, rootHash: head.rootHash },
    proof,
  );
  if (!verdict.ok) return verdict;
  const time = Math.floor(run.now().getTime() / 1000);
  const key = await importJWK(run.key, 'ES256');
  const signature = await new CompactSign(new TextEncoder().encode(cosignatureText(head.note, time)))
    .setProtectedHeader({ alg: 'ES256', kid: String(run.key.kid), typ: COSIGNATURE_TYP })
    .sign(key);
  await json(run, `/v1/audit/checkpoints/${head.treeSize}/cosignatures`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ organizationId: run.organizationId, signature }),
  });
  return {
    ok: true,
    state: verdict.state,
    treeSize: head.treeSize,
    rootHash: head.rootHash,
    origin: head.origin,
  };
}
