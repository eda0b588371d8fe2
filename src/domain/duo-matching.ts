// Purpose matching: a dataset's DUO data-use conditions against a project's declared research purpose.
import type { DataUseConditions, DuoPermissionCode } from './descriptor';

export type MatchResult = 'match' | 'no_match' | 'needs_review';

/** What a project declares about its use of the data, in DUO terms. */
export interface ResearchPurpose {
  /** The project's own purpose, as a DUO permission: GRU, HMB, DS (with disease) or POA. */
  permission: Exclude<DuoPermissionCode, 'NRES'>;
  /** ICD-10 code (or ontology IRI) of the disease studied, for DS. */
  disease?: string | undefined;
  commercial: boolean;
  /** The requesting organisation is a not-for-profit organisation. */
  notForProfit?: boolean | undefined;
  methodsDevelopment?: boolean | undefined;
  geneticStudy?: boolean | undefined;
  /** Where the data will be processed: ISO 3166 code (FR, FR-IDF) or EU. */
  processingRegion?: string | undefined;
  ethicsReference?: string | null | undefined;
  durationMonths: number;
}

export interface DatasetMatch {
  result: MatchResult;
  reasons: string[];
  /** Obligations the team accepts with the grant (PUB, COL, MOR, RTN): carried into grant conditions. */
  obligations: string[];
}

const PERMISSION_LABEL: Record<DuoPermissionCode, string> = {
  NRES: 'no restriction',
  GRU: 'general research use',
  HMB: 'health/medical/biomedical research',
  DS: 'disease-specific research',
  POA: 'population origins or ancestry research',
};

/** ICD-10 codes nest by prefix (E11.9 is within E11); other identifiers must be equal. */
function diseaseWithin(purpose: string | undefined, allowed: string | undefined): boolean {
  if (!purpose || !allowed) return false;
  const p = purpose.trim().toUpperCase();
  const a = allowed.trim().toUpperCase();
  return p === a || (/^[A-Z]\d/.test(a) && p.startsWith(a.replace(/\.$/, '')));
}

function regionWithin(processing: string | undefined, allowed: string | undefined): boolean | undefined {
  if (!processing || !allowed) return undefined;
  const p = processing.toUpperCase();
  const a = allowed.toUpperCase();
  if (p === a || p.startsWith(`${a}-`)) return true;
  // EU regions contain their member states; we only know France's codes here.
  if (a === 'EU' && (p === 'FR' || p.startsWith('FR-'))) return true;
  return false;
}

function matchPermission(
  conditions: DataUseConditions,
  purpose: ResearchPurpose,
): { result: MatchResult; reason?: string } {
  const allowed = conditions.permission.code;
  const declared = `purpose is ${purpose.permission}${purpose.permission === 'DS' && purpose.disease ? ` (${purpose.disease})` : ''}`;
  switch (allowed) {
    case 'NRES':
    case 'GRU':
      return purpose.permission === 'POA' && allowed === 'GRU'
        ? {
            result: 'needs_review',
            reason: `dataset allows ${allowed} (${PERMISSION_LABEL[allowed]}); ${declared}`,
          }
        : { result: 'match' };
    case 'HMB':
      if (purpose.permission === 'HMB' || purpose.permission === 'DS') return { result: 'match' };
      if (purpose.permission === 'GRU')
        return {
          result: 'needs_review',
          reason: `dataset allows HMB only; ${declared}, which may be broader`,
        };
      return { result: 'no_match', reason: `dataset allows HMB only; ${declared}` };
    case 'DS': {
      const disease = conditions.permission.disease;
      if (purpose.permission !== 'DS')
        return { result: 'no_match', reason: `dataset allows DS (${disease}) only; ${declared}` };
      if (!purpose.disease)
        return { result: 'no_match', reason: `dataset allows DS (${disease}) only; no disease declared` };
      return diseaseWithin(purpose.disease, disease)
        ? { result: 'match' }
        : { result: 'no_match', reason: `dataset allows DS (${disease}) only; ${declared}` };
    }
    case 'POA':
      return purpose.permission === 'POA'
        ? { result: 'match' }
        : { result: 'no_match', reason: `dataset allows POA only; ${declared}` };
  }
}

const worst = (a: MatchResult, b: MatchResult): MatchResult =>
  a === 'no_match' || b === 'no_match'
    ? 'no_match'
    : a === 'needs_review' || b === 'needs_review'
      ? 'needs_review'
      : 'match';

/** Matches one dataset's conditions against the purpose, with every reason that is not a plain match. */
export function matchPurpose(
  conditions: DataUseConditions | undefined,
  purpose: ResearchPurpose,
): DatasetMatch {
  if (!conditions) {
    return {
      result: 'needs_review',
      reasons: ['dataset declares no DUO data-use conditions'],
      obligations: [],
    };
  }
  const reasons: string[] = [];
  const obligations: string[] = [];
  const permission = matchPermission(conditions, purpose);
  let result = permission.result;
  if (permission.reason) reasons.push(permission.reason);
  const flag = (r: MatchResult, reason: string) => {
    result = worst(result, r);
    reasons.push(reason);
  };
  for (const m of conditions.modifiers ?? []) {
    switch (m.code) {
      case 'NCU':
      case 'NPUNCU':
        if (purpose.commercial) flag('no_match', `${m.code}: commercial use declared`);
        if (m.code === 'NPUNCU' && purpose.notForProfit === false)
          flag('no_match', 'NPUNCU: requester is not a not-for-profit organisation');
        break;
      case 'NPU':
        if (purpose.notForProfit === false)
          flag('no_match', 'NPU: requester is not a not-for-profit organisation');
        else if (purpose.notForProfit === undefined)
          flag('needs_review', 'NPU: not-for-profit status not declared');
        break;
      case 'IRB':
        if (!purpose.ethicsReference) flag('no_match', 'IRB required: no ethics reference');
        break;
      case 'TS':
        if (m.months !== undefined && purpose.durationMonths > m.months) {
          flag('no_match', `TS: use limited to ${m.months} months; ${purpose.durationMonths} requested`);
        }
        break;
      case 'GS': {
        const within = regionWithin(purpose.processingRegion, m.region);
        if (within === false)
          flag('no_match', `GS: use limited to ${m.region}; processing in ${purpose.processingRegion}`);
        if (within === undefined)
          flag('needs_review', `GS: use limited to ${m.region}; processing region not declared`);
        break;
      }
      case 'NMDS':
        if (purpose.methodsDevelopment) flag('no_match', 'NMDS: methods development declared');
        break;
      case 'GSO':
        if (!purpose.geneticStudy)
          flag('no_match', 'GSO: genetic studies only; purpose is not a genetic study');
        break;
      case 'NPOA':
        if (purpose.permission === 'POA')
          flag('no_match', 'NPOA: population origins or ancestry research prohibited');
        break;
      case 'PUB':
      case 'COL':
      case 'RTN':
        obligations.push(m.code);
        break;
      case 'MOR':
        obligations.push(m.until ? `MOR:${m.until}` : 'MOR');
        break;
      case 'RS':
      case 'CC':
      case 'US':
      case 'PS':
      case 'IS':
        flag('needs_review', `${m.code}: restriction to be checked by the committee`);
        break;
    }
  }
  return { result, reasons, obligations };
}
