// The access-request state machine: which actor may do what in which state, and where it leads.
// docs/access-request-states.md shows the same table; a test checks it cell by cell against this one.

export const REQUEST_STATES = [
  'draft',
  'submitted',
  'in_review',
  'changes_requested',
  'approved',
  'rejected',
  'withdrawn',
  'revoked',
  'expired',
] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

export const REQUEST_ACTIONS = [
  'update',
  'submit',
  'withdraw',
  'start_review',
  'request_changes',
  'vote',
  'decide',
  'revoke',
  'expire',
] as const;
export type RequestAction = (typeof REQUEST_ACTIONS)[number];

export const REQUEST_ACTORS = ['requester', 'reviewer', 'desk_admin', 'system'] as const;
export type RequestActor = (typeof REQUEST_ACTORS)[number];

interface Rule {
  actors: readonly RequestActor[];
  from: readonly RequestState[];
}

const RULES: Record<RequestAction, Rule> = {
  update: { actors: ['requester'], from: ['draft', 'changes_requested'] },
  submit: { actors: ['requester'], from: ['draft', 'changes_requested'] },
  withdraw: { actors: ['requester'], from: ['draft', 'submitted', 'in_review', 'changes_requested'] },
  start_review: { actors: ['reviewer', 'desk_admin'], from: ['submitted'] },
  request_changes: { actors: ['desk_admin'], from: ['submitted', 'in_review'] },
  // A first vote opens the review; votes can change until the decision.
  vote: { actors: ['reviewer'], from: ['submitted', 'in_review'] },
  // `system` decides when the policy's rule is met and the policy decides automatically.
  decide: { actors: ['desk_admin', 'system'], from: ['in_review'] },
  revoke: { actors: ['desk_admin'], from: ['approved'] },
  expire: { actors: ['system'], from: ['approved'] },
};

export function isAllowed(action: RequestAction, actor: RequestActor, state: RequestState): boolean {
  const rule = RULES[action];
  return rule.actors.includes(actor) && rule.from.includes(state);
}

/** Where an allowed action leads (`decide` needs its outcome). */
export function nextState(
  action: RequestAction,
  from: RequestState,
  outcome?: 'approved' | 'rejected',
): RequestState {
  switch (action) {
    case 'update':
      return from;
    case 'submit':
      // A resubmission after changes goes straight back to the reviewers.
      return from === 'changes_requested' ? 'in_review' : 'submitted';
    case 'withdraw':
      return 'withdrawn';
    case 'start_review':
    case 'vote':
      return 'in_review';
    case 'request_changes':
      return 'changes_requested';
    case 'decide':
      if (!outcome) throw new Error('decide needs an outcome');
      return outcome;
    case 'revoke':
      return 'revoked';
    case 'expire':
      return 'expired';
  }
}

export const DECIDED_STATES: readonly RequestState[] = [
  'approved',
  'rejected',
  'withdrawn',
  'revoked',
  'expired',
];
/** States in which the decision deadline runs (it is paused in changes_requested). */
export const CLOCK_RUNNING_STATES: readonly RequestState[] = ['submitted', 'in_review'];
