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

/** A period's start, end and comment (temporal coverage, retention): partial dates are allowed. */
const periodTexts = (at: string): Record<string, FieldText> => ({
  [`${at}/start`]: {
    label: 'Début',
    hint: 'Premier jour, mois ou année de la période (dcat:startDate).',
  },
  [`${at}/end`]: { label: 'Fin', hint: 'Dernier jour, mois ou année de la période (dcat:endDate).' },
  [`${at}/comment`]: {
    label: 'Commentaire',
    hint: 'Remarque sur la période, par exemple la décision qui la fixe.',
  },
});

/** An organisation (HDAB, creator, attributed agent) and its name, site, address and type. */
const agentTexts = (at: string, self: FieldText): Record<string, FieldText> => ({
  [at]: self,
  [`${at}/name`]: { label: 'Nom', hint: "Nom de l'organisation." },
  [`${at}/homepage`]: { label: 'Site web', hint: "Site de l'organisation (foaf:homepage)." },
  [`${at}/email`]: { label: 'Courriel', hint: "Adresse générique de l'organisation (foaf:mbox)." },
  [`${at}/type`]: {
    label: "Type d'organisation",
    hint: "Type d'éditeur HealthDCAT-AP en texte libre, par exemple Hôpital, Institut de recherche, Entreprise.",
  },
});

/** The fields of a distribution: the dataset's own (distributions), its samples and its analytics. */
const distributionTexts = (at: string): Record<string, FieldText> => ({
  [`${at}/title`]: { label: 'Titre', hint: 'Nom de la distribution.' },
  [`${at}/accessUrl`]: {
    label: "Adresse d'accès",
    hint: "Où l'on accède aux données ou les demande (dcat:accessURL).",
  },
  [`${at}/downloadUrl`]: {
    label: 'Adresse de téléchargement',
    hint: 'Lien de téléchargement direct (dcat:downloadURL), pour les données ouvertes seulement.',
  },
  [`${at}/format`]: {
    label: 'Format (code européen)',
    hint: 'Code de la table d’autorité européenne des types de fichiers (dct:format), par exemple CSV, JSON, PARQUET.',
  },
  [`${at}/mediaType`]: {
    label: 'Type de média IANA',
    hint: 'Type de média IANA (dcat:mediaType), par exemple text/csv.',
  },
  [`${at}/license`]: {
    label: 'Licence (code européen)',
    hint: 'Code de la table d’autorité européenne des licences (dct:license), par exemple CC_BY_4_0.',
  },
  [`${at}/byteSize`]: {
    label: 'Taille en octets',
    hint: 'Taille de la distribution en octets (dcat:byteSize).',
  },
  [`${at}/description`]: {
    label: 'Description',
    hint: 'Présentation de la distribution (dct:description).',
  },
  [`${at}/identifier`]: {
    label: 'Identifiant',
    hint: 'Identifiant de la distribution chez le fournisseur (dct:identifier).',
  },
  [`${at}/issued`]: {
    label: 'Date de diffusion',
    hint: 'Quand la distribution a été diffusée (dct:issued) : date et heure, date, mois ou année.',
  },
  [`${at}/modified`]: {
    label: 'Date de modification',
    hint: 'Quand la distribution a changé pour la dernière fois (dct:modified) : date et heure, date, mois ou année.',
  },
  [`${at}/rights`]: { label: 'Droits', hint: 'Énoncé des droits sur la distribution (dct:rights).' },
  [`${at}/languages`]: {
    label: 'Langues',
    hint: 'Langues de la distribution, en codes ISO 639-1 (dct:language), par exemple fr, en.',
  },
  [`${at}/applicableLegislation`]: {
    label: 'Législation applicable',
    hint: 'Textes qui imposent la distribution (dcatap:applicableLegislation), en IRI ELI.',
  },
  [`${at}/retentionPeriod`]: {
    label: 'Durée de conservation',
    hint: 'Période pendant laquelle la distribution est conservée (healthdcatap:retentionPeriod).',
  },
  ...periodTexts(`${at}/retentionPeriod`),
});

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
  '/contactPoint/organisationName': {
    label: 'Organisation',
    hint: 'Organisation à laquelle appartient le contact (vcard:organisationName).',
  },
  '/contactPoint/organisationUnit': {
    label: 'Service',
    hint: 'Département ou service du contact (vcard:organisationUnit).',
  },
  '/spatial': {
    label: 'Couverture géographique',
    hint: 'Territoires couverts (dct:spatial) : code pays européen (FRA), code NUTS (FR10), code de région ou de département ISO 3166-2:FR (FR-IDF, FR-75), ou IRI GeoNames.',
  },
  '/temporal': { label: 'Couverture temporelle', hint: 'Période couverte par les données (dct:temporal).' },
  ...periodTexts('/temporal'),
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
  '/codeValues': {
    label: 'Concepts codés',
    hint: 'Maladies, actes, médicaments et autres concepts dont traitent les données (healthdcatap:hasCodeValues).',
  },
  '/codeValues/code': {
    label: 'Code (CURIE) ou IRI du concept',
    hint: 'SYSTÈME:code dans un système de codage connu (les graphies usuelles sont acceptées et normalisées), par exemple CIM-10:E11 ou ORPHA:558, ou une IRI http(s).',
  },
  '/codeValues/label': {
    label: 'Libellé',
    hint: 'Nom du concept (skos:prefLabel), en français et/ou en anglais.',
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
  ...periodTexts('/retentionPeriod'),
  '/distributions': {
    label: 'Distributions',
    hint: 'Moyens d’accéder aux données ou à leur documentation (dcat:distribution).',
  },
  ...distributionTexts('/distributions'),
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
    hint: 'Quand le fournisseur a diffusé le jeu de données pour la première fois (dct:issued) : date et heure RFC 3339, date, mois ou année.',
  },
  '/modified': {
    label: 'Date de modification',
    hint: 'Quand le fournisseur a modifié le jeu de données pour la dernière fois (dct:modified) : date et heure RFC 3339, date, mois ou année.',
  },
  '/alternative': {
    label: 'Autres titres',
    hint: 'Autres noms ou acronymes du jeu de données (dct:alternative).',
  },
  '/identifier': {
    label: 'Identifiant',
    hint: 'Identifiant du jeu de données chez le fournisseur (dct:identifier) ; celui du guichet figure sur la fiche de catalogue.',
  },
  '/otherIdentifiers': {
    label: 'Autres identifiants',
    hint: 'Identifiants dans d’autres référentiels (adms:identifier).',
  },
  '/otherIdentifiers/notation': { label: 'Identifiant', hint: 'L’identifiant lui-même (skos:notation).' },
  '/otherIdentifiers/schemaAgency': {
    label: 'Organisme du référentiel',
    hint: 'Qui attribue les identifiants de ce référentiel (adms:schemaAgency).',
  },
  '/version': { label: 'Version', hint: 'Nom ou numéro de version donné par le fournisseur (dcat:version).' },
  '/versionNotes': {
    label: 'Notes de version',
    hint: 'Ce qui a changé dans cette version (adms:versionNotes).',
  },
  '/publisherNote': {
    label: 'Note sur l’éditeur',
    hint: 'Présentation des activités de l’éditeur (healthdcatap:publisherNote).',
  },
  '/trustedDataHolder': {
    label: 'Détenteur de données de confiance',
    hint: 'L’éditeur est-il un détenteur de données de confiance au sens de l’article 72 du règlement (UE) 2025/327 sur l’EHDS (healthdcatap:trustedDataHolder) ?',
  },
  ...agentTexts('/hdab', {
    label: 'Organisme d’accès aux données de santé',
    hint: 'Organisme d’accès aux données de santé (HDAB) responsable de l’accès au jeu de données (healthdcatap:hdab).',
  }),
  ...agentTexts('/creators', {
    label: 'Producteurs',
    hint: 'Organisations qui ont produit le jeu de données (dct:creator).',
  }),
  '/qualifiedAttributions': {
    label: 'Autres rôles',
    hint: 'Autres organisations ayant un rôle envers le jeu de données (prov:qualifiedAttribution). Le guichet ajoute lui-même les siens (fournisseur, diffuseur).',
  },
  ...agentTexts('/qualifiedAttributions/agent', {
    label: 'Organisation',
    hint: 'L’organisation (prov:agent).',
  }),
  '/qualifiedAttributions/role': {
    label: 'Rôle',
    hint: 'IRI du rôle (dcat:hadRole), par exemple un rôle ISO 19115 des parties responsables.',
  },
  '/temporalResolution': {
    label: 'Résolution temporelle',
    hint: 'Plus petit pas de temps des données, en durée ISO 8601 (dcat:temporalResolution) : P1D pour un jour, P1Y pour un an, PT1H pour une heure.',
  },
  '/spatialResolutionInMeters': {
    label: 'Résolution spatiale en mètres',
    hint: 'Plus petite distance distinguée dans les données, en mètres (dcat:spatialResolutionInMeters) ; décimales permises.',
  },
  '/accrualPeriodicity': {
    label: 'Fréquence de mise à jour (code européen)',
    hint: 'Code de la table d’autorité européenne des fréquences (dct:accrualPeriodicity), par exemple DAILY, MONTHLY, ANNUAL, IRREG, NEVER.',
  },
  '/qualityCertificates': {
    label: 'Certificats de qualité',
    hint: 'Autres certificats détenus par le jeu de données (dqv:hasQualityAnnotation).',
  },
  '/qualityCertificates/body': { label: 'Certificat', hint: 'IRI du certificat (oa:hasBody).' },
  '/qualityCertificates/target': {
    label: 'Ressource certifiée',
    hint: 'IRI de ce qui est certifié (oa:hasTarget), lorsque ce n’est pas le jeu de données lui-même.',
  },
  '/samples': { label: 'Échantillons', hint: 'Distributions d’échantillons des données (adms:sample).' },
  ...distributionTexts('/samples'),
  '/analytics': {
    label: 'Rapports et statistiques',
    hint: 'Distributions de rapports techniques ou de statistiques agrégées sur le jeu de données (healthdcatap:analytics).',
  },
  ...distributionTexts('/analytics'),
  '/documentation': { label: 'Documentation', hint: 'Pages qui documentent le jeu de données (foaf:page).' },
  '/documentation/url': { label: 'Adresse', hint: 'Où se trouve le document (foaf:page).' },
  '/documentation/label': {
    label: 'Intitulé',
    hint: 'Ce qu’est le document (rdfs:label), par exemple Dictionnaire des données.',
  },
  '/conformsTo': {
    label: 'Standards suivis',
    hint: 'Standards, schémas ou spécifications que suivent les données (dct:conformsTo), sous forme d’IRI.',
  },
  '/provenance': {
    label: 'Provenance',
    hint: 'D’où viennent les données et comment elles ont été traitées (dct:provenance).',
  },
  '/isReferencedBy': {
    label: 'Publications',
    hint: 'Publications qui citent ou décrivent le jeu de données (dct:isReferencedBy), par exemple des DOI sous forme d’IRI.',
  },
  '/relations': {
    label: 'Ressources liées',
    hint: 'Ressources en relation avec le jeu de données (dct:relation), sous forme d’IRI.',
  },
  '/qualifiedRelations': {
    label: 'Relations qualifiées',
    hint: 'Ressources liées, avec le rôle de la relation (dcat:qualifiedRelation).',
  },
  '/qualifiedRelations/relation': {
    label: 'Ressource liée',
    hint: 'IRI de la ressource liée (dct:relation).',
  },
  '/qualifiedRelations/role': {
    label: 'Rôle de la relation',
    hint: 'IRI du rôle de la relation (dcat:hadRole), par exemple http://www.iana.org/assignments/relation/related.',
  },
  '/hasVersion': { label: 'Autres versions', hint: 'Autres versions du jeu de données (dcat:hasVersion).' },
  '/isVersionOf': {
    label: 'Version de',
    hint: 'Le jeu de données dont celui-ci est une version (dcat:isVersionOf).',
  },
  '/source': { label: 'Sources', hint: 'Jeux de données dont celui-ci est dérivé (dct:source).' },
  '/applicableLegislation': {
    label: 'Législation applicable',
    hint: 'Textes qui imposent ou encadrent le jeu de données (dcatap:applicableLegislation), en IRI ELI. Le guichet ajoute toujours le règlement EHDS.',
  },
  '/datasetType': {
    label: 'Type de jeu de données (code européen)',
    hint: 'Code de la table d’autorité européenne des types de jeux de données (dct:type), par exemple PERSONAL_DATA, SYNTHETIC_DATA, STATISTICAL.',
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
  description
    .replace(/\s*(?:See|Codes are checked against) catalog-schemas\/.*?\.(?=\s|$)/g, '')
    .replaceAll('catalog-schemas/vocabularies/coding-systems.json', 'the desk’s list of coding systems');

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
