// The figures of a desk whose period holds more applications than one statement takes bound parameters
// (65 535): their inputs are read with the ids as array parameters, not one parameter per application.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluationFigures } from '../../src/services/evaluation-figures';
import { type DemoIds, handClock, seededDesk } from '../access-fixtures';
import type { TestDesk } from '../harness';

const APPLICATIONS = 70_000;
const clock = handClock('2026-06-01T09:00:00Z');
let desk: TestDesk;
let ids: DemoIds;

beforeAll(async () => {
  ({ desk, ids } = await seededDesk(clock));
  const deskId = ids.desks.get('guichet-pasteur')!;
  // Decided applications written straight to the table: the figures read records, however they came.
  await desk.services.db.execute(sql`
    insert into access_requests (id, desk_id, requester_id, requester_org_id, state, version, application,
        policy_id, submitted_at, deadline, decided_at, working_days_to_decision, created_at, updated_at)
      select gen_random_uuid(), ${deskId}::uuid, m.user_id, m.organization_id,
        case when i % 4 = 0 then 'rejected' else 'approved' end, 4, '{}'::jsonb, 'default',
        timestamptz '2026-01-05' + i * interval '1 minute', '2026-04-30',
        timestamptz '2026-01-05' + i * interval '1 minute' + interval '10 days', 8,
        timestamptz '2026-01-04', timestamptz '2026-01-04'
      from generate_series(1, ${APPLICATIONS}::int) i
      cross join (select user_id, organization_id from memberships where role = 'requester' limit 1) m`);
}, 120_000);
afterAll(() => desk.close());

describe('evaluation figures at scale', () => {
  it(`reads the inputs of ${APPLICATIONS} applications`, async () => {
    const figures = await evaluationFigures(
      desk.services,
      ids.desks.get('guichet-pasteur')!,
      '2026-01-01',
      '2026-03-01',
    );
    expect(figures.ok, JSON.stringify(!figures.ok && figures.problem)).toBe(true);
    if (!figures.ok) return;
    expect(figures.value.count).toBe(APPLICATIONS);
    expect(figures.value.inputs.applications.filter((a) => a.outcome === 'rejected')).toHaveLength(
      APPLICATIONS / 4,
    );
  }, 120_000);
});
