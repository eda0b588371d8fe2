// What every use case receives: the database, the clock and the desk's public identity.
import type { Database } from '../db/database';

export interface Deps {
  db: Database;
  now: () => Date;
  /** Base of the stable HTTP URIs used in exports (e.g. https://desk.example.org). */
  publicBaseUrl: string;
  /** Encrypts the private parts of signing keys in the database. */
  keyEncryptionKey: CryptoKey;
  /** Development only: webhook receivers may be plain http (e.g. on loopback). */
  allowHttpWebhooks: boolean;
}

export const ROLES = ['editor', 'requester', 'reviewer', 'desk_admin', 'evaluator', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const ORGANIZATION_KINDS = ['provider', 'desk_operator', 'research', 'partner'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

/** Who a verified token names. */
export interface Identity {
  issuer: string;
  subject: string;
}

/** The authenticated caller, with the memberships the desk stores for them (never taken from the token). */
export interface Principal extends Identity {
  userId: string;
  isPlatformAdmin: boolean;
  memberships: { organizationId: string; role: Role }[];
}

export function hasRole(p: Principal | undefined, organizationId: string, role: Role): boolean {
  return !!p?.memberships.some((m) => m.organizationId === organizationId && m.role === role);
}

export function orgsWithRole(p: Principal | undefined, role: Role): string[] {
  return p ? p.memberships.filter((m) => m.role === role).map((m) => m.organizationId) : [];
}
