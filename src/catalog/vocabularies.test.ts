import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const folder = new URL('../../catalog-schemas/vocabularies/', import.meta.url);
const jsonFiles = readdirSync(folder).filter((f) => f.endsWith('.json'));
const readme = readFileSync(new URL('README.md', folder), 'utf8');

describe('catalog-schemas/vocabularies', () => {
  it.each(jsonFiles)('%s says where it comes from and under which licence', (file) => {
    const header = JSON.parse(readFileSync(new URL(file, folder), 'utf8')) as {
      source?: unknown;
      license?: unknown;
    };
    expect(typeof header.source).toBe('string');
    expect(String(header.source).length).toBeGreaterThan(20);
    expect(typeof header.license).toBe('string');
    expect(String(header.license).length).toBeGreaterThan(5);
  });

  it.each(readdirSync(folder).filter((f) => f !== 'README.md'))('%s has its row in the README', (file) => {
    expect(readme).toContain(`| \`${file}\``);
  });
});
