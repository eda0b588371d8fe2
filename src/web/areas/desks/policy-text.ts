// A desk's access policy in a few plain sentences, French and English: who votes, what decides, who may
// not take part, how long access lasts, and what applicants see of the votes. Rules: src/domain/access-policy.ts.
import type { AccessPolicy } from '../../../domain/access-policy';
import { defineMessages, fill, type Lang, plural } from '../../i18n';

const policyMessages = defineMessages(
  {
    unanimous:
      'Les rapporteurs doivent être unanimes : un seul avis défavorable fait refuser la demande, les abstentions ne comptent pas.',
    majorityOne:
      "La demande est tranchée à la majorité des avis exprimés, dès qu'un rapporteur s'est prononcé ; à égalité, elle attend d'autres avis.",
    majorityOther:
      "La demande est tranchée à la majorité des avis exprimés, dès que {n} rapporteurs se sont prononcés ; à égalité, elle attend d'autres avis.",
    minApprovalsOne: 'Il faut {n} approbation de rapporteur pour accorder l’accès.',
    minApprovalsOther: 'Il faut {n} approbations de rapporteurs pour accorder l’accès.',
    veto: 'Un seul refus vaut veto.',
    automatic: 'La décision découle des votes, sans autre intervention.',
    deskAdmin: 'Le responsable du guichet prend la décision finale au vu des votes.',
    separationWithOrganisation:
      "Ne votent pas sur une demande : les membres de l'équipe du projet, ni les rapporteurs de l'organisation qui la dépose.",
    separationTeamOnly: "Les membres de l'équipe du projet ne votent jamais sur sa demande.",
    ethicsAlways: "Un avis favorable de comité d'éthique est toujours exigé.",
    ethicsWhenRequired:
      "Un avis de comité d'éthique est exigé quand un jeu de données demandé l'impose (condition DUO « IRB »).",
    ethicsNever: "Le guichet n'exige pas d'avis de comité d'éthique.",
    durationOne: "Un accès est accordé pour {n} mois au plus ; chaque visa d'accès vaut {hours}.",
    durationOther: "Un accès est accordé pour {n} mois au plus ; chaque visa d'accès vaut {hours}.",
    hoursOne: '{n} heure',
    hoursOther: '{n} heures',
    votesHidden:
      "Les votes, leurs motifs et les noms des rapporteurs ne sont pas communiqués à l'équipe demandeuse.",
    votesAfterDecision: "Une fois la demande tranchée, l'équipe demandeuse voit chaque vote et son motif.",
  },
  {
    unanimous:
      'Reviewers must be unanimous: a single unfavourable opinion rejects the application; abstentions do not count.',
    majorityOne:
      'The application is decided by a majority of the opinions cast, once {n} reviewer has voted; on a tie it waits for more.',
    majorityOther:
      'The application is decided by a majority of the opinions cast, once {n} reviewers have voted; on a tie it waits for more.',
    minApprovalsOne: 'Access is granted with {n} reviewer approval.',
    minApprovalsOther: 'Access is granted with {n} reviewer approvals.',
    veto: 'A single rejection is a veto.',
    automatic: 'The decision follows from the votes, with no further step.',
    deskAdmin: 'The desk admin takes the final decision in the light of the votes.',
    separationWithOrganisation:
      'Not voting on an application: the members of the project team, nor the reviewers of the organisation that files it.',
    separationTeamOnly: 'Members of the project team never vote on its application.',
    ethicsAlways: 'A favourable ethics-committee opinion is always required.',
    ethicsWhenRequired:
      'An ethics-committee opinion is required when a dataset applied for asks for one (DUO condition “IRB”).',
    ethicsNever: 'The desk does not require an ethics-committee opinion.',
    durationOne: 'Access is granted for at most {n} month; each access visa lasts {hours}.',
    durationOther: 'Access is granted for at most {n} months; each access visa lasts {hours}.',
    hoursOne: '{n} hour',
    hoursOther: '{n} hours',
    votesHidden: 'Votes, their rationales and the reviewers’ names are not shown to the applying team.',
    votesAfterDecision:
      'Once the application is decided, the applying team sees each vote and its rationale.',
  },
);

/** The policy as sentences, in the order a requester would ask about it. */
export function policySentences(lang: Lang, policy: AccessPolicy): string[] {
  const m = policyMessages[lang];
  const q = policy.quorum;
  const quorum =
    q.rule === 'unanimous'
      ? m.unanimous
      : q.rule === 'majority'
        ? plural(lang, q.minVotes, { one: m.majorityOne, other: m.majorityOther })
        : plural(lang, q.n, { one: m.minApprovalsOne, other: m.minApprovalsOther });
  const hours = plural(lang, policy.visaLifetimeHours, { one: m.hoursOne, other: m.hoursOther });
  return [
    quorum,
    // Unanimity already refuses on one rejection: saying "veto" again would add nothing.
    ...(policy.rejectionVetoes && q.rule !== 'unanimous' ? [m.veto] : []),
    policy.decisionBy === 'desk_admin' ? m.deskAdmin : m.automatic,
    policy.separationOfDuties.excludeRequesterOrganisation
      ? m.separationWithOrganisation
      : m.separationTeamOnly,
    policy.ethicsApproval === 'always'
      ? m.ethicsAlways
      : policy.ethicsApproval === 'never'
        ? m.ethicsNever
        : m.ethicsWhenRequired,
    fill(plural(lang, policy.maxGrantDurationMonths, { one: m.durationOne, other: m.durationOther }), {
      hours,
    }),
    policy.voteDisclosure === 'after_decision' ? m.votesAfterDecision : m.votesHidden,
  ];
}
