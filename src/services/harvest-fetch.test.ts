import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_HARVEST_LIMITS, fetchCatalogPage, HARVEST_ACCEPT } from './harvest-fetch';

let server: Server;
let base: string;
const seen: Record<string, string | undefined>[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ accept: req.headers.accept, ifNoneMatch: req.headers['if-none-match'] });
    if (req.url === '/big') res.writeHead(200, { 'content-type': 'text/turtle' }).end('#'.repeat(5000));
    else if (req.url === '/html') res.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>');
    else if (req.url === '/slow') setTimeout(() => res.writeHead(200).end(), 2000);
    else if (req.url === '/jsonld') res.writeHead(200, { 'content-type': 'application/ld+json' }).end('{}');
    else if (req.headers['if-none-match'] === '"v1"') res.writeHead(304).end();
    else res.writeHead(200, { 'content-type': 'text/turtle; charset=utf-8', etag: '"v1"' }).end('');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

const limits = { ...DEFAULT_HARVEST_LIMITS, maxBytes: 1000, timeoutMs: 300 };

describe('fetching a catalogue page', () => {
  it('asks for Turtle or JSON-LD and reads the format from Content-Type', async () => {
    const turtle = await fetchCatalogPage(`${base}/`, limits);
    expect(turtle).toMatchObject({ kind: 'page', contentType: 'text/turtle', validators: { etag: '"v1"' } });
    expect(await fetchCatalogPage(`${base}/jsonld`, limits)).toMatchObject({
      contentType: 'application/ld+json',
    });
    expect(seen[0]?.accept).toBe(HARVEST_ACCEPT);
  });

  it('sends the validators it is given and answers not_modified to a 304', async () => {
    const page = await fetchCatalogPage(`${base}/`, limits, { etag: '"v1"', lastModified: null });
    expect(page).toEqual({ kind: 'not_modified' });
  });

  it('refuses a page over the size limit, another media type, a slow server and a non-http URL', async () => {
    await expect(fetchCatalogPage(`${base}/big`, limits)).rejects.toThrow(/over the limit of 1000/);
    await expect(fetchCatalogPage(`${base}/html`, limits)).rejects.toThrow(
      /text\/html; Turtle or JSON-LD expected/,
    );
    await expect(fetchCatalogPage(`${base}/slow`, limits)).rejects.toThrow(
      /no complete answer within 300 ms/,
    );
    await expect(fetchCatalogPage('file:///etc/passwd', limits)).rejects.toThrow(/only http\(s\)/);
  });
});
