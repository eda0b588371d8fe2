// The server a user would write by hand instead of the desk, for three of its read routes: node:http and
// postgres.js, no framework, no ORM. It is the baseline of `npm run bench:http` (issue 15) and must answer
// with the same status, content type and JSON bytes as the desk, on the same database.
//
//   DATABASE_URL=postgres://…  PORT=…  PUBLIC_BASE_URL=…  node --import tsx bench/http/server.ts
//
// It imports nothing from src/: the point is to measure what the desk's layers cost over plain code.
// What it leaves out, because the bench never asks for it: bearer tokens (every request is anonymous),
// filters, sorting, paging cursors, stop words, and estimated counts past 1 000 matches (the demo
// catalogue never has that many, and the bench checks byte identity before it measures).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import postgres from 'postgres';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('DATABASE_URL is required');
const port = Number(process.env.PORT ?? 8788);
const publicBaseUrl = (process.env.PUBLIC_BASE_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');

// The desk's pool size (src/adapters/node-database.ts), so both servers wait on the database alike.
const sql = postgres(databaseUrl, { max: 10, prepare: true, onnotice: () => {} });

// The desk's facets, in the order its search result lists them (src/domain/facets.ts).
const FACETS = [
  'provider',
  'desk',
  'theme',
  'healthCategory',
  'codingSystem',
  'duoPermission',
  'accessRights',
  'status',
] as const;
const EXACT_COUNT_LIMIT = 1000;
const PAGE_SIZE = 20;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

async function healthz(res: ServerResponse) {
  try {
    await sql`select 1`;
    send(res, 200, { status: 'ok', database: 'ok' });
  } catch {
    send(res, 503, { status: 'degraded', database: 'down' });
  }
}

async function getDataset(res: ServerResponse, id: string) {
  // Only the columns the answer shows; an anonymous caller never sees drafts.
  const [row] = UUID.test(id)
    ? await sql`select id, status, version, provider_id, desk_id, descriptor, created_at, updated_at,
                       published_at, retired_at
                from datasets where id = ${id} and status <> 'draft'`
    : [];
  if (!row) return send(res, 404, { title: 'no such dataset' });
  send(
    res,
    200,
    {
      id: row.id,
      uri: `${publicBaseUrl}/v1/datasets/${row.id}`,
      status: row.status,
      version: row.version,
      providerId: row.provider_id,
      deskId: row.desk_id,
      descriptor: row.descriptor,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      publishedAt: row.published_at?.toISOString() ?? null,
      retiredAt: row.retired_at?.toISOString() ?? null,
    },
    { etag: `"${row.version}"`, vary: 'Accept' },
  );
}

/** Lower-cased, without accents or ligatures, split on anything but letters and digits (as the desk folds). */
function words(q: string): string[] {
  const folded = q
    .toLowerCase()
    .replace(/[œæß]/g, (c) => ({ œ: 'oe', æ: 'ae', ß: 'ss' })[c] ?? c)
    .normalize('NFD')
    .replace(/\p{M}/gu, '');
  return [...new Set(folded.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0))].slice(0, 16);
}

async function search(res: ServerResponse, q: string) {
  const found = words(q);
  if (found.length === 0) return send(res, 400, { title: 'a search needs at least one word' });
  // Each word matches as a prefix or by its French or English stem. The words are written into the
  // statement (only letters and digits survive `words`) as the desk does, so PostgreSQL plans with them.
  const tsquery = found
    .map(
      (w) =>
        `(to_tsquery('simple', '${w}:*') || to_tsquery('french', '${w}') || to_tsquery('english', '${w}'))`,
    )
    .join(' && ');
  const where = `status = 'published' and search_vector @@ (${tsquery})`;
  const counted = await sql.unsafe(
    `select k, count(*) as n
     from (select facet_keys from datasets where ${where} limit ${EXACT_COUNT_LIMIT + 1}) m, unnest(facet_keys) k
     group by k`,
  );
  const facets = Object.fromEntries(FACETS.map((f) => [f, [] as { value: string; count: number }[]]));
  for (const r of counted) {
    const at = (r.k as string).indexOf('=');
    const list = facets[(r.k as string).slice(0, at)];
    if (at > 0 && list) list.push({ value: (r.k as string).slice(at + 1), count: Number(r.n) });
  }
  for (const f of FACETS) facets[f]!.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  const total = facets.status!.reduce((sum, s) => sum + s.count, 0);
  const rows = await sql.unsafe(
    `select id, status, provider_id, desk_id, descriptor, themes, health_categories, coding_systems,
            duo_permission, access_rights, published_at, ts_rank(search_vector, (${tsquery})) as score
     from datasets where ${where}
     order by score desc, published_at desc nulls last, id
     limit ${PAGE_SIZE + 1}`,
  );
  send(res, 200, {
    items: rows.slice(0, PAGE_SIZE).map((r) => ({
      id: r.id,
      uri: `${publicBaseUrl}/v1/datasets/${r.id}`,
      status: r.status,
      providerId: r.provider_id,
      deskId: r.desk_id,
      title: r.descriptor.title,
      description: r.descriptor.description,
      keywords: r.descriptor.keywords ?? null,
      themes: r.themes,
      healthCategories: r.health_categories,
      codingSystems: r.coding_systems,
      duoPermission: r.duo_permission,
      accessRights: r.access_rights,
      publishedAt: r.published_at?.toISOString() ?? null,
      score: r.score,
    })),
    total,
    totalEstimated: false,
    facets,
    facetsEstimated: false,
    // Past the first page the desk hands a cursor, the base64url of {"o":offset}.
    nextCursor:
      rows.length > PAGE_SIZE ? Buffer.from(JSON.stringify({ o: PAGE_SIZE })).toString('base64url') : null,
    previousCursor: null,
  });
}

async function route(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://x');
  if (req.method !== 'GET') return send(res, 405, { title: 'method not allowed' });
  if (url.pathname === '/healthz') return healthz(res);
  if (url.pathname === '/v1/datasets' && url.searchParams.has('q'))
    return search(res, url.searchParams.get('q') ?? '');
  if (url.pathname.startsWith('/v1/datasets/'))
    return getDataset(res, url.pathname.slice('/v1/datasets/'.length));
  send(res, 404, { title: 'not found' });
}

const server = createServer((req, res) => {
  route(req, res).catch((e) => {
    console.error(e);
    if (!res.headersSent) send(res, 500, { title: 'internal error' });
  });
});
// As the desk does (src/adapters/node.ts): the load generator's kept-alive connections are never cut.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
server.listen(port, '0.0.0.0', () =>
  console.log(`hand-written server listening on http://localhost:${port}`),
);
const stop = () => {
  server.closeAllConnections();
  server.close(() => void sql.end({ timeout: 5 }).finally(() => process.exit(0)));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
