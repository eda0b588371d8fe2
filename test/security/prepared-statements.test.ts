// Every statement is prepared, up to a limit of distinct texts: input that varies the SQL's text (n filter
// values, n placeholders) cannot make a connection prepare without end.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenDatabase, openPostgres } from '../../src/adapters/node-database';
import { rowsOf } from '../../src/db/database';
import { freshPostgresDatabase, onPostgres, TEST_DATABASE_URL } from '../harness';

let database: OpenDatabase;
let drop = async () => {};

beforeAll(async () => {
  if (!TEST_DATABASE_URL) return;
  const fresh = await freshPostgresDatabase();
  drop = fresh.drop;
  database = openPostgres(fresh.url, { max: 1, preparedStatementLimit: 5 });
});
afterAll(async () => {
  await database?.close();
  await drop();
});

describe.skipIf(!onPostgres)('prepared statements on PostgreSQL', () => {
  it('prepares the first distinct texts, runs the rest unprepared, and answers them all', async () => {
    await database.db.transaction(async (tx) => {
      for (let i = 0; i < 12; i++) {
        const [row] = rowsOf<{ n: number }>(
          await tx.execute(sql`select ${sql.raw(String(i))}::int + ${1}::int as n`),
        );
        expect(row!.n).toBe(i + 1);
      }
      // Each is still prepared when run again, once known.
      await tx.execute(sql`select ${sql.raw('0')}::int + ${1}::int as n`);
      const prepared = rowsOf<{ statement: string }>(
        await tx.execute(sql`select statement from pg_prepared_statements`),
      ).filter((r) => /::int \+ \$1::int as n/.test(r.statement));
      expect(prepared.length).toBeGreaterThan(0);
      expect(prepared.length).toBeLessThanOrEqual(5);
    });
  });
});
