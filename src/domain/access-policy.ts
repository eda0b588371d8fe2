// Access policies as data, and the rule that turns reviewers' votes into a decision.
import type { VoteDisclosure } from './access-request-events';

export type QuorumRule =
  | { rule: 'unanimous' }
  | { rule: 'majority'; minVotes: number }
  | { rule: 'min_approvals'; n: number };

export interface AccessPolicy {
  id: string;
  version: string;
  title: { fr: string; en: string };
  quorum: QuorumRule;
  rejectionVetoes: boolean;
  decisionBy: 'automatic' | 'desk_admin';
  separationOfDuties: { excludeRequesterOrganisation: boolean; excludeTeamMembers: true };
  decisionDeadlineWorkingDays: number;
  maxGrantDurationMonths: number;
  visaLifetimeHours: number;
  ethicsApproval: 'always' | 'when_dataset_requires' | 'never';
  /** Absent means hidden. */
  voteDisclosure?: VoteDisclosure;
}

export type VoteChoice = 'approve' | 'reject' | 'abstain';
export type Outcome = 'approved' | 'rejected';

/**
 * The outcome the votes reach under the policy, or undefined while undecided.
 * `eligibleReviewers` counts reviewers allowed to vote on this request (after separation of duties).
 */
export function tally(
  policy: AccessPolicy,
  votes: readonly VoteChoice[],
  eligibleReviewers: number,
): Outcome | undefined {
  const approvals = votes.filter((v) => v === 'approve').length;
  const rejections = votes.filter((v) => v === 'reject').length;
  const abstentions = votes.filter((v) => v === 'abstain').length;
  if (policy.rejectionVetoes && rejections > 0) return 'rejected';
  const q = policy.quorum;
  switch (q.rule) {
    case 'unanimous': {
      if (rejections > 0) return 'rejected';
      // Everyone eligible has spoken and at least one approved; abstentions neither block nor count.
      return votes.length >= eligibleReviewers && approvals > 0 ? 'approved' : undefined;
    }
    case 'majority': {
      const cast = approvals + rejections;
      if (cast < q.minVotes) return undefined;
      if (approvals > rejections) return 'approved';
      if (rejections > approvals) return 'rejected';
      return undefined;
    }
    case 'min_approvals': {
      if (approvals >= q.n) return 'approved';
      const stillPossible = eligibleReviewers - rejections - abstentions;
      return stillPossible < q.n ? 'rejected' : undefined;
    }
  }
}
