// Texts of the signing forms (evaluations, countersignatures, disputes) and of the browser's signing script.
import { defineMessages } from '../../i18n';

export const signingMessages = defineMessages(
  {
    needsScript:
      "La signature se fait dans votre navigateur et demande JavaScript, qui n'est pas actif sur cette page : activez-le, ou signez avec la ligne de commande (npm run cli -- evaluation --help).",
    intro:
      "Vous signez au nom de {organization}, avec une clé de signature gardée dans ce navigateur : le guichet n'en reçoit que la partie publique et ne peut pas signer à votre place.",
    noKeyYet:
      "Votre organisation n'a encore enregistré aucune clé ; celle de ce navigateur le sera après votre accord.",
    keysRegistered: 'Clés de signature actives de votre organisation : {n}.',
    confirmTitle: 'Enregistrer la clé de ce navigateur ?',
    confirmText:
      "Ce navigateur a créé une clé de signature qui ne peut pas en sortir. Pour que le guichet vérifie vos signatures, sa partie publique doit être enregistrée comme clé de {organization}. Tout membre de l'organisation voit les clés enregistrées et peut les retirer.",
    thumbprint: 'Empreinte de la clé (RFC 7638) :',
    confirmButton: 'Enregistrer la clé et signer',
    cancelButton: 'Annuler',
    preparing: 'Préparation de la signature…',
    registering: 'Enregistrement de la clé de ce navigateur…',
    signing: 'Signature du document préparé par le guichet…',
    signed: 'Signé ; envoi au guichet…',
    cancelled: "Rien n'a été signé ni envoyé.",
    registrationFailed: "Le guichet n'a pas enregistré la clé :",
    mismatch:
      "Le guichet a préparé un document qui ne correspond pas à cette page : rien n'a été signé. Rechargez la page.",
    failed: "La signature n'a pas pu être faite :",
    unsupported:
      'Ce navigateur ne peut pas signer ici (il faut une connexion https et un navigateur récent) : signez avec la ligne de commande.',
    missingSignature:
      'aucune signature reçue : la signature se fait dans le navigateur avec JavaScript ; activez-le, ou signez avec la ligne de commande',
  },
  {
    needsScript:
      'Signing happens in your browser and needs JavaScript, which is not running on this page: turn it on, or sign with the command line (npm run cli -- evaluation --help).',
    intro:
      'You sign on behalf of {organization}, with a signing key kept in this browser: the desk only receives its public half and cannot sign in your place.',
    noKeyYet:
      'Your organisation has no registered key yet; this browser’s will be registered once you agree.',
    keysRegistered: 'Active signing keys of your organisation: {n}.',
    confirmTitle: 'Register this browser’s key?',
    confirmText:
      'This browser has made a signing key that cannot leave it. For the desk to verify your signatures, its public half must be registered as a key of {organization}. Every member of the organisation sees the registered keys and may retire them.',
    thumbprint: 'Key thumbprint (RFC 7638):',
    confirmButton: 'Register the key and sign',
    cancelButton: 'Cancel',
    preparing: 'Preparing the signature…',
    registering: 'Registering this browser’s key…',
    signing: 'Signing the document the desk prepared…',
    signed: 'Signed; sending it to the desk…',
    cancelled: 'Nothing was signed or sent.',
    registrationFailed: 'The desk did not register the key:',
    mismatch:
      'The desk prepared a document that does not match this page: nothing was signed. Reload the page.',
    failed: 'The signature could not be made:',
    unsupported:
      'This browser cannot sign here (it takes an https connection and a recent browser): sign with the command line.',
    missingSignature:
      'no signature received: signing happens in the browser with JavaScript; turn it on, or sign with the command line',
  },
);
