// Who reads each kind of access-request event, and how much of it: one table for the events route and webhooks.

export const REQUEST_EVENT_TYPES = [
  'created',
  'updated',
  'submitted',
  'resubmitted',
  'withdrawn',
  'review_started',
  'changes_requested',
  'vote_cast',
  'approved',
  'rejected',
  'revoked',
  'expired',
] as const;
export type RequestEventType = (typeof REQUEST_EVENT_TYPES)[number];

/**
 * The two readers of an application's events. The committee decides: the desk's admins and the reviewers
 * allowed to vote on it. Applicants are everyone else who may read the application: its requester and team,
 * and desk staff kept out of this review by separation of duties.
 */
export type EventReader = 'committee' | 'applicants';

/** What a reader gets of an event: all of it, all but who acted, or nothing. */
export type EventShare = 'whole' | 'without_actor' | 'none';

/** `votes`: a vote is the committee's own business unless the desk's policy discloses votes (see below). */
type ApplicantShare = EventShare | 'votes';

export const REQUEST_EVENT_AUDIENCE: Record<
  RequestEventType,
  { committee: EventShare; applicants: ApplicantShare }
> = {
  created: { committee: 'whole', applicants: 'whole' },
  updated: { committee: 'whole', applicants: 'whole' },
  submitted: { committee: 'whole', applicants: 'whole' },
  resubmitted: { committee: 'whole', applicants: 'whole' },
  withdrawn: { committee: 'whole', applicants: 'whole' },
  // Towards applicants the desk answers as one body: what it asked or decided and why, never which member.
  review_started: { committee: 'whole', applicants: 'without_actor' },
  changes_requested: { committee: 'whole', applicants: 'without_actor' },
  vote_cast: { committee: 'whole', applicants: 'votes' },
  approved: { committee: 'whole', applicants: 'without_actor' },
  rejected: { committee: 'whole', applicants: 'without_actor' },
  revoked: { committee: 'whole', applicants: 'without_actor' },
  expired: { committee: 'whole', applicants: 'whole' },
};

/**
 * A policy's `voteDisclosure`: `hidden` (the default) keeps votes, their rationales and reviewers from the
 * applicants; `after_decision` shows them each vote once the application is decided.
 */
export type VoteDisclosure = 'hidden' | 'after_decision';

export function votesDisclosed(disclosure: VoteDisclosure | undefined, decided: boolean): boolean {
  return disclosure === 'after_decision' && decided;
}

/** What `reader` gets of an event of kind `type`; anything unknown is shared with nobody. */
export function eventShare(type: string, reader: EventReader, disclosed: boolean): EventShare {
  if (!Object.hasOwn(REQUEST_EVENT_AUDIENCE, type)) return 'none';
  const share = REQUEST_EVENT_AUDIENCE[type as RequestEventType][reader];
  if (share === 'votes') return disclosed ? 'whole' : 'none';
  return share;
}
