import { describe, expect, it } from 'vitest';
import type { AccessPolicy } from '../../../domain/access-policy';
import { accessPolicy } from '../../../policies/access-policies';
import { policySentences } from './policy-text';

const base = accessPolicy('default')!;
const with_ = (changes: Partial<AccessPolicy>): AccessPolicy => ({ ...base, ...changes });

describe('an access policy in words', () => {
  it('says the default policy: majority of at least two, automatic, requester organisation kept out', () => {
    const fr = policySentences('fr', base).join(' ');
    expect(fr).toContain('majorité des avis exprimés, dès que 2 rapporteurs se sont prononcés');
    expect(fr).toContain('La décision découle des votes');
    expect(fr).toContain('ni les rapporteurs de l’organisation qui la dépose');
    expect(fr).toContain('36 mois au plus');
    expect(fr).toContain('24 heures');
    expect(fr).toContain('quand un jeu de données demandé l’impose');
    expect(fr).toContain('ne sont pas communiqués');
    expect(fr).not.toContain('veto');
    const en = policySentences('en', base).join(' ');
    expect(en).toContain('once 2 reviewers have voted');
    expect(en).toContain('at most 36 months; each access visa lasts 24 hours');
  });

  it('says the strict policy: unanimity, the desk admin decides, ethics always', () => {
    const en = policySentences('en', accessPolicy('strict-sensitive')!).join(' ');
    expect(en).toContain('Reviewers must be unanimous');
    expect(en).toContain('The desk admin takes the final decision');
    expect(en).toContain('always required');
    expect(en).toContain('8 hours');
    // Unanimity already rejects on one opinion against: no separate veto sentence.
    expect(en).not.toContain('veto');
  });

  it('names a veto, a minimum of approvals, disclosed votes and the singular where they apply', () => {
    const en = policySentences(
      'en',
      with_({
        quorum: { rule: 'min_approvals', n: 1 },
        rejectionVetoes: true,
        voteDisclosure: 'after_decision',
        ethicsApproval: 'never',
        maxGrantDurationMonths: 1,
        visaLifetimeHours: 1,
        separationOfDuties: { excludeRequesterOrganisation: false, excludeTeamMembers: true },
      }),
    );
    expect(en).toContain('Access is granted with 1 reviewer approval.');
    expect(en).toContain('A single rejection is a veto.');
    expect(en).toContain(
      'Once the application is decided, the applying team sees each vote and its rationale.',
    );
    expect(en).toContain('The desk does not require an ethics-committee opinion.');
    expect(en).toContain('Access is granted for at most 1 month; each access visa lasts 1 hour.');
    expect(en).toContain('Members of the project team never vote on its application.');
    expect(policySentences('fr', with_({ quorum: { rule: 'min_approvals', n: 3 } }))[0]).toBe(
      'Il faut 3 approbations de rapporteurs pour accorder l’accès.',
    );
  });
});
