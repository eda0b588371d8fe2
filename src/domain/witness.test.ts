import { describe, expect, it } from 'vitest';
import { consistencyProof, fromHex, leafHash, rootOf, toHex } from './merkle';
import {
  checkpointNote,
  checkpointOrigin,
  cosignatureText,
  emptyWitnessState,
  parseCheckpointNote,
  parseCosignatureText,
  witnessHead,
} from './witness';

const leaves = (n: number, tag = 'entry') =>
  Promise.all(Array.from({ length: n }, (_, i) => leafHash(new TextEncoder().encode(`${tag} ${i}`))));
const head = async (n: number, tag = 'entry') => ({
  origin: 'desk.example',
  treeSize: n,
  rootHash: toHex(await rootOf(await leaves(n, tag))),
});

describe('checkpoint notes and cosignature texts', () => {
  it('writes the C2SP checkpoint body and reads it back', () => {
    expect(checkpointOrigin('https://desk.example/')).toBe('desk.example');
    const root = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    const note = checkpointNote('desk.example', 12, root);
    expect(note).toBe('desk.example\n12\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n');
    expect(parseCheckpointNote(note)).toEqual({ origin: 'desk.example', treeSize: 12, rootHash: root });
    expect(cosignatureText(note, 1700000000)).toBe(`cosignature/v1\ntime 1700000000\n${note}`);
    expect(parseCosignatureText(cosignatureText(note, 1700000000))).toEqual({ time: 1700000000, note });
    expect(parseCosignatureText('cosignature/v2\ntime 1\nx')).toBeNull();
  });
});

describe('a witness', () => {
  it('takes the first head on trust, then cosigns only heads that provably extend it', async () => {
    const first = await head(10);
    const taken = await witnessHead(emptyWitnessState(), first, []);
    expect(taken.ok).toBe(true);
    const state = taken.ok ? taken.state : emptyWitnessState();
    const later = await head(25);
    const proof = (await consistencyProof(10, await leaves(25))).map(toHex);
    const next = await witnessHead(state, later, proof);
    expect(next).toEqual({
      ok: true,
      state: { logs: { 'desk.example': { treeSize: 25, rootHash: later.rootHash } } },
    });
    // The same head again is fine (a retry).
    expect((await witnessHead(state, first, [])).ok).toBe(true);
  });

  it('refuses a fork: another root for the same size, or a larger tree without a valid proof', async () => {
    const taken = await witnessHead(emptyWitnessState(), await head(10), []);
    const state = taken.ok ? taken.state : emptyWitnessState();
    expect(await witnessHead(state, await head(10, 'forged'), [])).toMatchObject({
      ok: false,
      reason: 'fork',
    });
    const forked = await head(25, 'forged');
    const forkedProof = (await consistencyProof(10, await leaves(25, 'forged'))).map(toHex);
    expect(await witnessHead(state, forked, forkedProof)).toMatchObject({
      ok: false,
      reason: 'inconsistent',
    });
    expect(await witnessHead(state, await head(25), [])).toMatchObject({ ok: false, reason: 'inconsistent' });
    expect(await witnessHead(state, await head(25), ['zz'])).toMatchObject({
      ok: false,
      reason: 'inconsistent',
    });
  });

  it('refuses a rollback to a smaller tree, even a genuine prefix', async () => {
    const taken = await witnessHead(emptyWitnessState(), await head(25), []);
    const state = taken.ok ? taken.state : emptyWitnessState();
    expect(await witnessHead(state, await head(10), [])).toMatchObject({ ok: false, reason: 'rollback' });
    expect(fromHex('00').length).toBe(1);
  });
});
