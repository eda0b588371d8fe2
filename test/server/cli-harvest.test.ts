// npm run cli -- harvest: registers a catalogue under a provider (by slug), harvests it with a progress line
// per page, prints the report, and a second run of the same source answers from the 304.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CkanCatalogue, startCkanCatalogue } from '../support/ckan-catalogue';
import { cli, deskEnv, freePort, linesOf, tempDir } from './desk-process';

let remote: CkanCatalogue;
let dataDir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  remote = await startCkanCatalogue(250);
  dataDir = tempDir('cli-harvest');
  env = deskEnv(dataDir, freePort());
  expect((await cli(['seed-demo'], env)).code).toBe(0);
}, 120_000);
afterAll(async () => {
  await remote.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run cli -- harvest', () => {
  it('harvests a new catalogue page by page and prints the report', async () => {
    const url = `${remote.url}/catalog.ttl`;
    const first = await cli(['harvest', url, '--provider', 'institut-pasteur'], env);
    expect(first.code, first.stderr).toBe(0);
    const progress = linesOf(first.stderr).filter((l) => l.startsWith('page '));
    expect(progress).toHaveLength(3);
    expect(progress[2]).toMatch(
      /^page 3: 250 records \(250 created, 0 revised, 0 unchanged, 0 retired, 0 failed\)/,
    );
    expect(first.stdout).toMatch(/: succeeded, 3 pages, 250 records \(250 created.*records\/s/);

    const again = await cli(['harvest', url], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/: not_modified, 0 pages/);
  }, 120_000);

  it('refuses an unregistered catalogue without a provider, and what is not a URL', async () => {
    const unknown = await cli(['harvest', 'https://ckan.example/other.ttl'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('give --provider to register it');
    const notUrl = await cli(['harvest', 'ftp://ckan.example/x'], env);
    expect(notUrl.code).toBe(2);
  }, 60_000);
});
