// The access policies shipped in policies/access/, bundled as JSON (Workers have no file system) and
// checked against catalog-schemas/access-policy/1.0.0 when first used.
import defaultPolicy from '../../policies/access/default.json';
import strictSensitive from '../../policies/access/strict-sensitive.json';
import type { AccessPolicy } from '../domain/access-policy';
import validatePolicy from '../generated/access-policy.validator.js';

const BUNDLED: unknown[] = [defaultPolicy, strictSensitive];

let registry: Map<string, AccessPolicy> | undefined;

/** Every bundled policy by id; an invalid one stops the service rather than being half-applied. */
export function accessPolicies(): Map<string, AccessPolicy> {
  if (registry) return registry;
  const map = new Map<string, AccessPolicy>();
  for (const raw of BUNDLED) {
    if (!validatePolicy(raw)) {
      const errors = (validatePolicy.errors ?? [])
        .map((e) => `${e.instancePath || '/'} ${e.message}`)
        .join('; ');
      throw new Error(`invalid access policy ${(raw as { id?: string }).id ?? '?'}: ${errors}`);
    }
    const policy = raw as AccessPolicy;
    map.set(policy.id, policy);
  }
  registry = map;
  return map;
}

export function accessPolicy(id: string): AccessPolicy | undefined {
  return accessPolicies().get(id);
}
