// The services word their violations in English (src/validation/descriptor-validation.ts); the French
// pages give the frequent ones in French. A wording not listed here is shown as the service gave it.
import { frenchTypography } from '../../i18n';

/** The fields the rules between fields name, as a French sentence names them. */
const FRENCH_NOUNS: Record<string, string> = {
  'minimum typical age': 'l’âge minimal habituel',
  'maximum typical age': 'l’âge maximal habituel',
  'number of unique individuals': 'le nombre de personnes distinctes',
  'number of records': 'le nombre d’enregistrements',
};
const frenchNoun = (noun: string) => FRENCH_NOUNS[noun] ?? noun;

type Replacement = string | ((whole: string, ...groups: string[]) => string);

const FRENCH: [RegExp, Replacement][] = [
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
  [/^must be a number$/, 'doit être un nombre'],
  [/^'(.*)' is not a calendar date$/, "'$1' n'est pas une date du calendrier"],
  [/^'(.*)' is not a valid time of day$/, "'$1' n'est pas une heure valide"],
  [/^starts after the end at \S+ \((.*)\)$/, 'commence après la fin de la période ($1)'],
  [/^ends before the start at \S+ \((.*)\)$/, 'finit avant le début de la période ($1)'],
  [
    /^(\S+) is greater than the (.+) at \S+ \((.*)\)$/,
    (_, value, noun, other) => `${value} dépasse ${frenchNoun(noun)} (${other})`,
  ],
  [
    /^(\S+) is less than the (.+) at \S+ \((.*)\)$/,
    (_, value, noun, other) => `${value} est inférieur à ${frenchNoun(noun)} (${other})`,
  ],
  [
    /^'(.*)' is neither a CURIE \(SYSTEM:code, e\.g\. (.*)\) nor an http\(s\) IRI$/,
    "'$1' n'est ni un code SYSTÈME:code (par exemple $2) ni une IRI http(s)",
  ],
  [/^'(.*)' is not a known coding system \(.*\)$/, "'$1' n'est pas un système de codage connu"],
  [/^'(.*)' is not an? (.+) code$/, "'$1' n'est pas un code $2"],
  [
    /^'(.*)' is not a known EU country or NUTS unit$/,
    "'$1' n'est ni un pays de l'UE ni une unité NUTS connus",
  ],
  [
    /^'(.*)' is not a known EU country code \(FRA\), NUTS code \(FR10\) or French region or department code \(FR-IDF, FR-75\)$/,
    "'$1' n'est ni un code pays européen (FRA), ni un code NUTS (FR10), ni un code de région ou de département français (FR-IDF, FR-75)",
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
    if (!pattern.test(message)) continue;
    // String.replace takes a template or a function, not their union: each branch picks its overload.
    const worded =
      typeof french === 'string' ? message.replace(pattern, french) : message.replace(pattern, french);
    return frenchTypography(worded);
  }
  return message;
}
