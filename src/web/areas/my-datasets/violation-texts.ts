// The services word their violations in English (src/validation/descriptor-validation.ts); the French
// pages give the frequent ones in French. A wording not listed here is shown as the service gave it.
import { frenchTypography } from '../../i18n';

const FRENCH: [RegExp, string][] = [
  [/^is required$/, 'est obligatoire'],
  [/^must not be empty$/, 'ne doit pas être vide'],
  [
    /^must not be empty; give at least one of: (.+)$/,
    'ne doit pas être vide : remplissez au moins un de ces champs : $1',
  ],
  [/^must be an integer$/, 'doit être un nombre entier'],
  [/^must be true or false$/, 'doit être oui ou non'],
  [/^must be at most (\d+) characters$/, 'doit compter au plus $1 caractères'],
  [/^must be at least (\d+) characters$/, 'doit compter au moins $1 caractères'],
  [/^must be at most (\S+)$/, 'doit valoir au plus $1'],
  [/^must be at least (\S+)$/, 'doit valoir au moins $1'],
  [/^must have at most (\d+) items$/, 'ne doit pas compter plus de $1 éléments'],
  [
    /^must be an absolute URI, e\.g\. .*$/,
    'doit être une adresse complète, par exemple https://exemple.org/page',
  ],
  [/^must be a valid email address$/, 'doit être une adresse électronique valide'],
  [/^must be a valid calendar date in YYYY-MM-DD form$/, 'doit être une date valide au format AAAA-MM-JJ'],
  [
    /^must be an RFC 3339 date-time with time zone, e\.g\. (.*)$/,
    'doit être une date et heure RFC 3339 avec fuseau, par exemple $1',
  ],
  [/^'(.*)' is not a valid (.+?)(?: \(e\.g\. (.*)\))?$/, "'$1' n'est pas valide ($2)"],
  [/^'(.*)' is a duplicate of item (\d+)$/, "'$1' est en double"],
  [/^(\w+) \(([^)]+)\) requires '(\w+)'$/, 'obligatoire avec la condition $1'],
  [/^'(\w+)' is only allowed with (\w+) \(([^)]+)\)$/, "n'est permis qu'avec la condition $2"],
  [
    /^must name the providing organisation, '(.+)'$/,
    "doit être le nom de l'organisation qui fournit le jeu de données : « $1 »",
  ],
  [/^must be on the site of '(.+)', (\S+)$/, 'doit être sur le site de « $1 » ($2)'],
  [/^no such desk$/, "ce guichet n'existe pas"],
  [
    /^offer the dataset to this desk \(POST \/v1\/desk-offers\): its admins accept or decline$/,
    "ce guichet appartient à une autre organisation, qui décide de ce qu'il propose : proposez-lui le jeu de données (POST /v1/desk-offers), ses administrateurs accepteront ou refuseront",
  ],
];

export function frenchMessage(message: string): string {
  for (const [pattern, french] of FRENCH) {
    if (pattern.test(message)) return frenchTypography(message.replace(pattern, french));
  }
  return message;
}
