// What a witness does with a desk's signed tree heads (in the spirit of C2SP tlog-witness and
// tlog-cosignature): it remembers the last head it cosigned for each log, and cosigns a new one only when a
// consistency proof shows the new tree extends that one. Same size with another root is a fork, a smaller size
// a rollback: both refused, whatever the desk says.
import { fromHex, verifyConsistency } from './merkle';

/** The log's name in checkpoint notes: the desk's base URL without its scheme (C2SP tlog-checkpoint origin). */
export function checkpointOrigin(baseUrl: string): string {
  return baseUrl.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/+$/, '');
}

const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

/** C2SP tlog-checkpoint body: origin, tree size in decimal, root hash in standard base64, each on its line. */
export function checkpointNote(origin: string, treeSize: number, rootHex: string): string {
  return `${origin}\n${treeSize}\n${base64(fromHex(rootHex))}\n`;
}

/** The note's origin, size and hex root, or null when it is not a checkpoint note. */
export function parseCheckpointNote(
  note: string,
): { origin: string; treeSize: number; rootHash: string } | null {
  const m = /^([^\n]+)\n(0|[1-9][0-9]{0,15})\n([A-Za-z0-9+/]{43}=)\n$/.exec(note);
  if (!m) return null;
  const bytes = Uint8Array.from(atob(m[3]!), (c) => c.charCodeAt(0));
  return {
    origin: m[1]!,
    treeSize: Number(m[2]),
    rootHash: [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(''),
  };
}

export const COSIGNATURE_TYP = 'phoenix-cosignature+jws';

/** The text a witness signs: `cosignature/v1`, `time <unix seconds>`, then the checkpoint note. */
export function cosignatureText(note: string, time: number): string {
  return `cosignature/v1\ntime ${time}\n${note}`;
}

/** The time and note of a cosignature text, or null when it is not one. */
export function parseCosignatureText(text: string): { time: number; note: string } | null {
  const m = /^cosignature\/v1\ntime (0|[1-9][0-9]{0,15})\n([\s\S]*)$/.exec(text);
  return m ? { time: Number(m[1]), note: m[2]! } : null;
}

/** A head as the witness sees it, once it has checked the desk's signature on it. */
export interface WitnessedHead {
  origin: string;
  treeSize: number;
  rootHash: string;
}

/** What a witness keeps between runs: the last head it cosigned, per origin. */
export interface WitnessState {
  logs: Record<string, { treeSize: number; rootHash: string }>;
}

export const emptyWitnessState = (): WitnessState => ({ logs: {} });

export type WitnessVerdict =
  | { ok: true; state: WitnessState }
  | { ok: false; reason: 'fork' | 'rollback' | 'inconsistent'; message: string };

/**
 * Whether to cosign `head`, given the last cosigned head of its origin and a consistency proof (hex hashes)
 * from that head's size to this one. The first head of an origin is taken on trust (there is nothing to
 * compare it with); every later one must extend it.
 */
export async function witnessHead(
  state: WitnessState,
  head: WitnessedHead,
  consistency: readonly string[],
): Promise<WitnessVerdict> {
  const last = state.logs[head.origin];
  const accept = (): WitnessVerdict => ({
    ok: true,
    state: {
      logs: { ...state.logs, [head.origin]: { treeSize: head.treeSize, rootHash: head.rootHash } },
    },
  });
  if (!last) return accept();
  if (head.treeSize < last.treeSize)
    return {
      ok: false,
      reason: 'rollback',
      message: `${head.origin} shows ${head.treeSize} entries after cosigned ${last.treeSize}`,
    };
  if (head.treeSize === last.treeSize)
    return head.rootHash === last.rootHash
      ? accept()
      : {
          ok: false,
          reason: 'fork',
          message: `${head.origin} shows another root for the ${head.treeSize} entries already cosigned`,
        };
  let consistent = false;
  try {
    consistent = await verifyConsistency(
      last.treeSize,
      head.treeSize,
      consistency.map(fromHex),
      fromHex(last.rootHash),
      fromHex(head.rootHash),
    );
  } catch {
    consistent = false;
  }
  return consistent
    ? accept()
    : {
        ok: false,
        reason: 'inconsistent',
        message: `${head.origin} at ${head.treeSize} does not extend the cosigned ${last.treeSize}: a fork`,
      };
}
