// Texts of the sign-in pages that only this area shows (the sign-in page itself uses the common catalogue).
import { defineMessages } from '../../i18n';

export const messages = defineMessages(
  {
    signInRefusedTitle: 'Connexion refusée',
    signInRefusedByProvider:
      "{provider} n'a pas confirmé cette connexion, ou sa réponse ne correspond pas à la demande du guichet. Aucune session n'a été ouverte.",
    signInFlowExpired:
      "Cette connexion a expiré ou a commencé dans un autre navigateur. Aucune session n'a été ouverte.",
    providerUnreachableTitle: 'Connexion impossible pour le moment',
    providerUnreachable:
      'Le guichet ne joint pas {provider}, ou ce fournisseur ne se présente pas comme celui qui est configuré. Réessayez dans quelques instants.',
    signInAgain: 'Recommencer la connexion',
  },
  {
    signInRefusedTitle: 'Sign-in refused',
    signInRefusedByProvider:
      "{provider} did not confirm this sign-in, or its answer does not match the desk's request. No session was opened.",
    signInFlowExpired: 'This sign-in expired or was started in another browser. No session was opened.',
    providerUnreachableTitle: 'Sign-in is not possible right now',
    providerUnreachable:
      'The desk cannot reach {provider}, or the provider does not present itself as the configured one. Try again in a few moments.',
    signInAgain: 'Start signing in again',
  },
);
