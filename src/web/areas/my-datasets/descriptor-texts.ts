// What the dataset form says about each field and each choice, in French and English. English labels and
// help come from the descriptor schema's `title` and `description`; the schema has no French, so French
// labels and help are kept here, keyed by the field's place in the schema (array indices left out).
// Choice labels come from the vocabularies in catalog-schemas/vocabularies/ (and duo-labels.ts for DUO).
import accessRights from '../../../../catalog-schemas/vocabularies/access-rights.json';
import codingSystems from '../../../../catalog-schemas/vocabularies/coding-systems.json';
import dataThemes from '../../../../catalog-schemas/vocabularies/data-themes.json';
import dpv from '../../../../catalog-schemas/vocabularies/dpv.json';
import healthCategories from '../../../../catalog-schemas/vocabularies/health-categories.json';
import {
  DUO_MODIFIERS,
  DUO_PERMISSIONS,
  type DuoModifierCode,
  type DuoPermissionCode,
} from '../../../domain/descriptor';
import { duoText } from '../../duo-labels';
import { fill, frenchTypography, type Lang } from '../../i18n';
import { allNodes, type FormNode } from './descriptor-form';
import { messages } from './messages';

interface FieldText {
  label: string;
  hint: string;
}

/** French label and help of every field of the descriptor schema (a test checks none is missing). */
export const FRENCH_FIELDS: Record<string, FieldText> = {
  '/title': { label: 'Titre', hint: 'Nom du jeu de données (dct:title), en français et/ou en anglais.' },
  '/description': {
    label: 'Description',
    hint: 'Présentation libre du jeu de données (dct:description) : contenu, population, recueil et usages possibles.',
  },
  '/keywords': { label: 'Mots-clés', hint: 'Mots-clés ou étiquettes par langue (dcat:keyword).' },
  '/themes': {
    label: 'Thèmes',
    hint: 'Thèmes de la table d’autorité européenne des thèmes de données (dcat:theme), par exemple Santé.',
  },
  '/publisher': {
    label: 'Éditeur',
    hint: 'Organisation qui met le jeu de données à disposition (dct:publisher), le plus souvent son détenteur : votre organisation, sous son nom enregistré.',
  },
  '/publisher/name': { label: 'Nom', hint: "Nom de l'organisation." },
  '/publisher/homepage': { label: 'Site web', hint: "Site de l'organisation (foaf:homepage)." },
  '/publisher/email': { label: 'Courriel', hint: "Adresse générique de l'organisation (foaf:mbox)." },
  '/publisher/type': {
    label: "Type d'éditeur",
    hint: "Type d'éditeur HealthDCAT-AP en texte libre, par exemple Hôpital, Institut de recherche, Entreprise.",
  },
  '/contactPoint': {
    label: 'Point de contact',
    hint: 'À qui adresser les questions sur le jeu de données (dcat:contactPoint).',
  },
  '/contactPoint/name': { label: 'Nom', hint: 'Nom du contact, par exemple une équipe ou un service.' },
  '/contactPoint/email': { label: 'Courriel', hint: 'Adresse électronique du contact (vcard:hasEmail).' },
  '/contactPoint/url': { label: 'Adresse web', hint: 'Formulaire ou page de contact (vcard:hasURL).' },
  '/spatial': {
    label: 'Couverture géographique',
    hint: 'Territoires couverts (dct:spatial) : codes pays européens comme FRA, ou IRI GeoNames / NUTS.',
  },
  '/temporal': { label: 'Couverture temporelle', hint: 'Période couverte par les données (dct:temporal).' },
  '/temporal/start': { label: 'Début', hint: 'Premier jour de la période (dcat:startDate).' },
  '/temporal/end': { label: 'Fin', hint: 'Dernier jour de la période (dcat:endDate).' },
  '/temporal/comment': {
    label: 'Commentaire',
    hint: 'Remarque sur la période, par exemple la décision qui la fixe.',
  },
  '/populationCoverage': {
    label: 'Population couverte',
    hint: 'Qui figure dans le jeu de données (healthdcatap:populationCoverage), par exemple les adultes diabétiques de type 2 suivis dans un hôpital.',
  },
  '/minTypicalAge': {
    label: 'Âge minimal habituel',
    hint: 'Âge minimal habituel des personnes, en années (healthdcatap:minTypicalAge).',
  },
  '/maxTypicalAge': {
    label: 'Âge maximal habituel',
    hint: 'Âge maximal habituel des personnes, en années (healthdcatap:maxTypicalAge).',
  },
  '/numberOfRecords': {
    label: "Nombre d'enregistrements",
    hint: "Nombre d'enregistrements du jeu de données (healthdcatap:numberOfRecords).",
  },
  '/numberOfUniqueIndividuals': {
    label: 'Nombre de personnes distinctes',
    hint: 'Nombre de personnes distinctes concernées par les enregistrements (healthdcatap:numberOfUniqueIndividuals).',
  },
  '/healthCategories': {
    label: 'Catégories de données de santé',
    hint: "Catégories HealthDCAT-AP (healthdcatap:healthCategory) : les catégories de données de santé électroniques de l'article 51(1) du règlement (UE) 2025/327 sur l'EHDS.",
  },
  '/healthThemes': {
    label: 'Thèmes de santé',
    hint: 'Thèmes de santé sous forme d’IRI (healthdcatap:healthTheme), par exemple des éléments Wikidata.',
  },
  '/codingSystems': {
    label: 'Systèmes de codage',
    hint: 'Terminologies et standards de données utilisés pour coder les données (healthdcatap:hasCodingSystem).',
  },
  '/personalData': {
    label: 'Catégories de données personnelles',
    hint: 'Catégories de données personnelles présentes (dpv:hasPersonalData), en noms DPV.',
  },
  '/legalBasis': {
    label: 'Bases légales',
    hint: 'Bases légales RGPD du traitement (dpv:hasLegalBasis), en noms DPV.',
  },
  '/purpose': {
    label: 'Finalités',
    hint: 'Finalités de la collecte ou des usages possibles (dpv:hasPurpose), en noms DPV.',
  },
  '/hdsHosting': {
    label: 'Hébergement HDS',
    hint: 'Les données sont-elles hébergées par un hébergeur certifié de données de santé (HDS, article L.1111-8 du code de la santé publique) ?',
  },
  '/hdsHosting/certified': {
    label: 'Hébergeur certifié HDS',
    hint: "Oui lorsque l'hébergeur détient la certification HDS.",
  },
  '/hdsHosting/host': { label: 'Hébergeur', hint: "Nom de l'hébergeur." },
  '/accessRights': {
    label: "Droits d'accès",
    hint: "Droits d'accès (dct:accessRights) de la table d'autorité européenne : public, restreint ou non public.",
  },
  '/retentionPeriod': {
    label: 'Durée de conservation',
    hint: 'Période pendant laquelle les données sont conservées (healthdcatap:retentionPeriod).',
  },
  '/retentionPeriod/start': { label: 'Début', hint: 'Premier jour de la période (dcat:startDate).' },
  '/retentionPeriod/end': { label: 'Fin', hint: 'Dernier jour de la période (dcat:endDate).' },
  '/retentionPeriod/comment': {
    label: 'Commentaire',
    hint: 'Remarque sur la période, par exemple la décision qui la fixe.',
  },
  '/distributions': {
    label: 'Distributions',
    hint: 'Moyens d’accéder aux données ou à leur documentation (dcat:distribution).',
  },
  '/distributions/title': { label: 'Titre', hint: 'Nom de la distribution.' },
  '/distributions/accessUrl': {
    label: "Adresse d'accès",
    hint: "Où l'on accède aux données ou les demande (dcat:accessURL).",
  },
  '/distributions/downloadUrl': {
    label: 'Adresse de téléchargement',
    hint: 'Lien de téléchargement direct (dcat:downloadURL), pour les données ouvertes seulement.',
  },
  '/distributions/format': {
    label: 'Format (code européen)',
    hint: 'Code de la table d’autorité européenne des types de fichiers (dct:format), par exemple CSV, JSON, PARQUET.',
  },
  '/distributions/mediaType': {
    label: 'Type de média IANA',
    hint: 'Type de média IANA (dcat:mediaType), par exemple text/csv.',
  },
  '/distributions/license': {
    label: 'Licence (code européen)',
    hint: 'Code de la table d’autorité européenne des licences (dct:license), par exemple CC_BY_4_0.',
  },
  '/distributions/byteSize': {
    label: 'Taille en octets',
    hint: 'Taille de la distribution en octets (dcat:byteSize).',
  },
  '/dataUseConditions': {
    label: "Conditions d'utilisation",
    hint: "Usages permis des données, en termes de l'ontologie GA4GH DUO : une permission et d'éventuelles restrictions.",
  },
  '/dataUseConditions/permission': { label: 'Permission DUO', hint: "L'unique permission d'usage." },
  '/dataUseConditions/permission/code': {
    label: 'Usage permis',
    hint: 'Aucune restriction, toute recherche, recherche en santé, recherche sur une maladie (à préciser) ou recherche sur les origines des populations.',
  },
  '/dataUseConditions/permission/disease': {
    label: 'Maladie (code CIM-10 ou IRI)',
    hint: 'Pour une recherche sur une maladie précise (DS) : la maladie, en code CIM-10 (E11, C50.9) ou en IRI d’ontologie (MONDO, DOID).',
  },
  '/dataUseConditions/modifiers': {
    label: 'Restrictions DUO',
    hint: "Conditions supplémentaires d'usage ; chacune au plus une fois. Certaines demandent une précision.",
  },
  '/dataUseConditions/modifiers/months': {
    label: 'Durée en mois',
    hint: "Pour une limite de durée (TS) : nombre de mois d'usage autorisé, de 1 à 600.",
  },
  '/dataUseConditions/modifiers/region': {
    label: 'Zone (code ISO 3166)',
    hint: 'Pour une restriction géographique (GS) : pays ISO 3166-1 alpha-2 (FR), subdivision ISO 3166-2 (FR-IDF) ou EU.',
  },
  '/dataUseConditions/modifiers/until': {
    label: "Jusqu'au",
    hint: 'Pour un moratoire de publication (MOR) : date avant laquelle les résultats ne peuvent être publiés.',
  },
  '/landingPage': {
    label: "Page d'accueil",
    hint: 'Page web consacrée au jeu de données (dcat:landingPage).',
  },
  '/languages': {
    label: 'Langues',
    hint: 'Langues des données, en codes ISO 639-1 (dct:language), par exemple fr, en.',
  },
  '/issued': {
    label: 'Date de diffusion',
    hint: 'Quand le fournisseur a diffusé le jeu de données pour la première fois (dct:issued), date et heure RFC 3339, par exemple 2024-01-31T09:00:00Z.',
  },
  '/modified': {
    label: 'Date de modification',
    hint: 'Quand le fournisseur a modifié le jeu de données pour la dernière fois (dct:modified), date et heure RFC 3339.',
  },
};

/** DPV terms in French (dpv.json names them in English only). */
export const FRENCH_DPV: Record<string, string> = {
  Consent: 'Consentement de la personne concernée',
  InformedConsent: 'Consentement éclairé',
  ExplicitlyExpressedConsent: 'Consentement explicite (RGPD art. 9(2)(a) pour les données de santé)',
  Contract: 'Contrat',
  LegalObligation: 'Obligation légale',
  VitalInterest: 'Intérêt vital',
  VitalInterestOfDataSubject: 'Intérêt vital de la personne concernée',
  PublicInterest: "Mission d'intérêt public",
  OfficialAuthorityOfController: "Exercice de l'autorité publique dont est investi le responsable",
  LegitimateInterest: 'Intérêt légitime',
  AcademicResearch: 'Recherche universitaire',
  ScientificResearch: 'Recherche scientifique',
  ResearchAndDevelopment: 'Recherche et développement',
  CommercialResearch: 'Recherche commerciale',
  NonCommercialResearch: 'Recherche non commerciale',
  Age: 'Âge',
  AgeRange: "Tranche d'âge",
  BirthDate: 'Date de naissance',
  Gender: 'Genre',
  Ethnicity: 'Origine ethnique',
  Location: 'Localisation',
  Health: 'Santé',
  HealthRecord: 'Dossier médical',
  HealthHistory: 'Antécédents de santé',
  MedicalHealth: 'Santé médicale',
  PhysicalHealth: 'Santé physique',
  MentalHealth: 'Santé mentale',
  Prescription: 'Prescription',
  Disability: 'Handicap',
  Genetic: 'Données génétiques',
  Biometric: 'Données biométriques',
  Height: 'Taille',
  Weight: 'Poids',
};

const capitalize = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

/** The schema's help for people: pointers to files of this repository are for developers, not shown. */
const englishHint = (description: string) =>
  description.replace(/\s*See catalog-schemas\/\S+(?: for [^.]*)?\./g, '');

export function fieldLabel(lang: Lang, n: Pick<FormNode, 'key' | 'title'>): string {
  return lang === 'fr' ? frenchTypography(FRENCH_FIELDS[n.key]?.label ?? n.title) : capitalize(n.title);
}

/** The label of the field at a key, e.g. '/publisher' → « Éditeur ». */
export function fieldLabelOf(lang: Lang, key: string): string {
  const n = allNodes().find((node) => node.key === key);
  return n ? fieldLabel(lang, n) : key;
}

/**
 * The label of the field a form pointer names, for messages that must make sense on their own (the error
 * summary): `/descriptor/distributions/2/accessUrl` → « Adresse d'accès », `/descriptor/title/fr` →
 * « Titre (français) ». Slot numbers and DUO codes are not part of a field's key.
 */
export function labelOfPointer(lang: Lang, pointer: string): string | undefined {
  if (!pointer.startsWith('/descriptor/')) return undefined;
  const tokens = pointer
    .slice('/descriptor'.length)
    .split('/')
    .slice(1)
    .filter((t, i, all) => !/^\d+$/.test(t) && !(all[i - 1] === 'modifiers' && /^[A-Z]+$/.test(t)));
  for (let n = tokens.length; n > 0; n--) {
    const key = `/${tokens.slice(0, n).join('/')}`;
    const node = allNodes().find((x) => x.key === key);
    if (!node) continue;
    const language = tokens[n];
    if (node.kind === 'pair' && (language === 'fr' || language === 'en')) {
      const m = messages[lang];
      return fill(language === 'fr' ? m.inFrench : m.inEnglish, { field: fieldLabel(lang, node) });
    }
    return fieldLabel(lang, node);
  }
  return undefined;
}

export function fieldHint(lang: Lang, n: Pick<FormNode, 'key' | 'description'>): string {
  return lang === 'fr'
    ? frenchTypography(FRENCH_FIELDS[n.key]?.hint ?? englishHint(n.description))
    : englishHint(n.description);
}

type Vocabulary = Record<string, { fr: string; en: string }>;

const byCode = (terms: { code: string; fr?: string; en: string }[]): Vocabulary =>
  Object.fromEntries(terms.map((t) => [t.code, { fr: t.fr ?? FRENCH_DPV[t.code] ?? t.en, en: t.en }]));

/** DUO terms as the plain sentences of duo-labels.ts, a parameter the form asks for shown as « … ». */
const duoVocabulary = (codes: readonly (DuoPermissionCode | DuoModifierCode)[]): Vocabulary => {
  const choice = (text: string) => text.replace(/\{\w+\}/g, '…').replace(/\.$/, '');
  return Object.fromEntries(codes.map((c) => [c, { fr: choice(duoText.fr[c]), en: choice(duoText.en[c]) }]));
};

/** The vocabulary that names the choices of a field, by the field's key. */
const VOCABULARIES: Record<string, Vocabulary> = {
  '/themes': byCode(dataThemes.themes),
  '/healthCategories': byCode(healthCategories.categories),
  '/codingSystems': Object.fromEntries(
    codingSystems.codingSystems.map((s) => [s.code, { fr: s.name, en: s.name }]),
  ),
  '/personalData': byCode(dpv.personalData.terms),
  '/purpose': byCode(dpv.purpose.terms),
  '/legalBasis': byCode(dpv.legalBasis.terms),
  '/accessRights': byCode(accessRights.accessRights),
  '/dataUseConditions/permission/code': duoVocabulary(DUO_PERMISSIONS),
  '/dataUseConditions/modifiers': duoVocabulary(DUO_MODIFIERS),
};

/** A choice as people read it, its code beside: « Santé (HEAL) ». */
export function choiceLabel(lang: Lang, key: string, code: string): string {
  const term = VOCABULARIES[key]?.[code];
  if (!term) return code;
  const text = term[lang];
  return text === code ? code : `${lang === 'fr' ? frenchTypography(text) : text} (${code})`;
}

/** Whether every choice of a field has a label in both languages (checked by a test). */
export const hasVocabulary = (key: string, code: string): boolean => !!VOCABULARIES[key]?.[code];
