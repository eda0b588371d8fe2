// The demo cast of the embedded default: the PHOENIX partners, one research team, one evaluation partner.
import type { OrganizationKind, Role } from '../services/deps';

export interface DemoOrganization {
  key: string;
  slug: string;
  name: string;
  kind: OrganizationKind;
  homepage: string;
}

export const DEMO_ORGANIZATIONS: DemoOrganization[] = [
  {
    key: 'medicen',
    slug: 'medicen',
    name: 'MEDICEN Paris Region',
    kind: 'desk_operator',
    homepage: 'https://www.medicen.org',
  },
  {
    key: 'pasteur',
    slug: 'institut-pasteur',
    name: 'Institut Pasteur',
    kind: 'provider',
    homepage: 'https://www.pasteur.fr',
  },
  {
    key: 'foch',
    slug: 'hopital-foch',
    name: 'Hôpital Foch',
    kind: 'provider',
    homepage: 'https://www.hopital-foch.com',
  },
  {
    key: 'roche',
    slug: 'roche-france',
    name: 'Roche France',
    kind: 'provider',
    homepage: 'https://www.roche.fr',
  },
  {
    key: 'cesp',
    slug: 'equipe-cesp',
    name: 'Équipe de recherche CESP (Inserm U1018)',
    kind: 'research',
    homepage: 'https://cesp.inserm.fr',
  },
  {
    key: 'evalsante',
    slug: 'evalsante',
    name: 'ÉvalSanté Partenaires',
    kind: 'partner',
    homepage: 'https://evalsante.example.org',
  },
  {
    key: 'auditnum',
    slug: 'audit-numerique-sante',
    name: 'Audit Numérique Santé',
    kind: 'partner',
    homepage: 'https://audit-numerique-sante.example.org',
  },
];

export interface DemoDesk {
  key: 'pasteur' | 'foch' | 'roche';
  slug: string;
  name: string;
  operator: string;
  policy: string;
  decisionDeadlineDays: number;
  contactEmail: string;
}

// MEDICEN runs the platform; each PHOENIX partner runs the desk through which its own datasets are offered.
export const DEMO_DESKS: DemoDesk[] = [
  {
    key: 'pasteur',
    slug: 'guichet-pasteur',
    name: 'Guichet de données Institut Pasteur',
    operator: 'pasteur',
    policy: 'default',
    decisionDeadlineDays: 30,
    contactEmail: 'guichet-donnees@pasteur.example.org',
  },
  {
    key: 'foch',
    slug: 'guichet-foch',
    name: 'Guichet de données Hôpital Foch',
    operator: 'foch',
    policy: 'strict-sensitive',
    decisionDeadlineDays: 45,
    contactEmail: 'eds@foch.example.org',
  },
  {
    key: 'roche',
    slug: 'guichet-roche',
    name: 'Guichet de données Roche',
    operator: 'roche',
    policy: 'default',
    decisionDeadlineDays: 30,
    contactEmail: 'data-sharing@roche.example.org',
  },
];

export interface DemoUser {
  subject: string;
  name: string;
  org?: string;
  role?: Role;
  platformAdmin?: boolean;
}

export const DEMO_USERS: DemoUser[] = [
  { subject: 'demo-admin', name: 'Claire Martin (administratrice plateforme)', platformAdmin: true },
  { subject: 'demo-editor-pasteur', name: 'Louis Bernard', org: 'pasteur', role: 'editor' },
  { subject: 'demo-editor-foch', name: 'Sophie Dubois', org: 'foch', role: 'editor' },
  { subject: 'demo-editor-roche', name: 'Thomas Leroy', org: 'roche', role: 'editor' },
  { subject: 'demo-desk-admin-pasteur', name: 'Camille Moreau', org: 'pasteur', role: 'desk_admin' },
  { subject: 'demo-desk-admin-foch', name: 'Julien Simon', org: 'foch', role: 'desk_admin' },
  { subject: 'demo-desk-admin-roche', name: 'Emma Laurent', org: 'roche', role: 'desk_admin' },
  { subject: 'demo-reviewer-pasteur', name: 'Hugo Michel', org: 'pasteur', role: 'reviewer' },
  { subject: 'demo-reviewer2-pasteur', name: 'Chloé Lefèvre', org: 'pasteur', role: 'reviewer' },
  { subject: 'demo-reviewer-foch', name: 'Léa Garcia', org: 'foch', role: 'reviewer' },
  { subject: 'demo-reviewer-roche', name: 'Nathan David', org: 'roche', role: 'reviewer' },
  { subject: 'demo-requester-cesp', name: 'Inès Bertrand', org: 'cesp', role: 'requester' },
  { subject: 'demo-researcher-cesp', name: 'Yanis Mercier', org: 'cesp', role: 'requester' },
  { subject: 'demo-evaluator-evalsante', name: 'Paul Roux', org: 'evalsante', role: 'evaluator' },
  { subject: 'demo-auditor-evalsante', name: 'Manon Fournier', org: 'evalsante', role: 'auditor' },
  { subject: 'demo-auditor-auditnum', name: 'Lucas Girard', org: 'auditnum', role: 'auditor' },
];
