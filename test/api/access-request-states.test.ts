// The state table in docs/access-request-states.md, checked cell by cell against the rules the API applies.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  isAllowed,
  REQUEST_ACTIONS,
  REQUEST_ACTORS,
  REQUEST_STATES,
  type RequestAction,
  type RequestActor,
  type RequestState,
} from '../../src/domain/access-request-lifecycle';

const doc = readFileSync(new URL('../../docs/access-request-states.md', import.meta.url), 'utf8');

function parseTable(): {
  states: RequestState[];
  cells: Map<RequestAction, Map<RequestState, RequestActor[]>>;
} {
  const rows = doc.split('\n').filter((l) => l.startsWith('|'));
  const header = rows[0]!
    .split('|')
    .map((c) => c.trim())
    .filter(Boolean);
  const states = header.slice(2) as RequestState[];
  const cells = new Map<RequestAction, Map<RequestState, RequestActor[]>>();
  for (const row of rows.slice(2)) {
    const parts = row
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    const action = parts[0] as RequestAction;
    const byState = new Map<RequestState, RequestActor[]>();
    states.forEach((s, i) => {
      const cell = parts[i + 2]!;
      byState.set(s, cell === '—' ? [] : (cell.split(',').map((a) => a.trim()) as RequestActor[]));
    });
    cells.set(action, byState);
  }
  return { states, cells };
}

describe('the documented state table', () => {
  const { states, cells } = parseTable();

  it('covers every state and every action', () => {
    expect(states).toEqual([...REQUEST_STATES]);
    expect([...cells.keys()]).toEqual([...REQUEST_ACTIONS]);
  });

  for (const action of REQUEST_ACTIONS) {
    for (const state of REQUEST_STATES) {
      it(`${action} in ${state}`, () => {
        const documented = cells.get(action)!.get(state)!;
        for (const actor of REQUEST_ACTORS) {
          expect(isAllowed(action, actor, state), `${actor} may ${action} in ${state}`).toBe(
            documented.includes(actor),
          );
        }
      });
    }
  }
});
