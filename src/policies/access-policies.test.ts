import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import validatePolicy from '../generated/access-policy.validator.js';
import { accessPolicies } from './access-policies';

const dir = new URL('../../policies/access/', import.meta.url);

describe('access policies', () => {
  it('every policy file is valid and bundled', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) {
      const policy = JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as { id: string };
      expect(validatePolicy(policy), `${f}: ${JSON.stringify(validatePolicy.errors)}`).toBe(true);
      expect(policy.id).toBe(f.replace(/\.json$/, ''));
      expect(accessPolicies().get(policy.id)).toEqual(policy);
    }
  });

  it('the schema refuses a policy with an unknown quorum rule or extra field', () => {
    const base = JSON.parse(readFileSync(new URL('default.json', dir), 'utf8'));
    expect(validatePolicy({ ...base, quorum: { rule: 'dictator' } })).toBe(false);
    expect(validatePolicy({ ...base, secret: true })).toBe(false);
  });

  it('keeps votes from applicants unless a policy discloses them after the decision', () => {
    const base = JSON.parse(readFileSync(new URL('default.json', dir), 'utf8'));
    expect(base.voteDisclosure).toBeUndefined();
    expect(validatePolicy({ ...base, voteDisclosure: 'after_decision' })).toBe(true);
    expect(validatePolicy({ ...base, voteDisclosure: 'hidden' })).toBe(true);
    expect(validatePolicy({ ...base, voteDisclosure: 'always' })).toBe(false);
  });
});
