// The GA4GH Data Use Ontology in plain French and English, for people rather than machines: what each
// permission allows and what each modifier asks, with the parameters a descriptor gives them.
// Terms and their meaning: catalog-schemas/vocabularies/duo.json (EBISPOT/DUO, CC BY 4.0).
import type {
  DataUseConditions,
  DuoModifier,
  DuoModifierCode,
  DuoPermissionCode,
} from '../domain/descriptor';
import { defineMessages, fill, formatCalendarDate, type Lang } from './i18n';

export const duoText = defineMessages(
  {
    NRES: "Aucune restriction d'usage.",
    GRU: "Toute recherche, quel qu'en soit l'objet.",
    HMB: 'Recherche en santé, médicale ou biomédicale (hors étude des origines des populations).',
    DS: 'Recherche sur une maladie précise : {disease}.',
    POA: "Recherche sur les origines ou l'ascendance des populations.",
    RS: 'Limité à un domaine de recherche précis.',
    CC: "Réservé aux membres d'un consortium ou d'un projet de recherche collaboratif.",
    NMDS: "Pas de développement de méthodes d'analyse ou de logiciels sans lien avec la recherche déclarée.",
    GSO: 'Études génétiques seulement.',
    NPOA: 'Pas de recherche sur les origines des populations.',
    NPUNCU: "Pas d'usage commercial ni par un organisme à but lucratif.",
    NPU: "Pas d'usage par un organisme à but lucratif.",
    NCU: "Pas d'usage commercial.",
    PUB: 'Les résultats doivent être publiés.',
    COL: "Collaboration requise avec l'équipe qui a produit les données.",
    IRB: "Avis favorable d'un comité d'éthique requis.",
    GS: 'Traitement limité à la zone : {region}.',
    MOR: 'Pas de publication avant le {until}.',
    TS: 'Usage limité à {months} mois.',
    US: "Usage réservé à l'utilisateur nommé.",
    PS: 'Usage réservé au projet nommé.',
    IS: "Usage réservé à l'établissement nommé.",
    RTN: 'Les données dérivées doivent être restituées au fournisseur.',
    permissionHeading: 'Usage autorisé',
    modifiersHeading: 'Conditions',
  },
  {
    NRES: 'No restriction on use.',
    GRU: 'Any research purpose.',
    HMB: 'Health, medical or biomedical research (not the study of population origins).',
    DS: 'Research on one disease: {disease}.',
    POA: 'Research on population origins or ancestry.',
    RS: 'Limited to a stated research area.',
    CC: 'Only for members of a consortium or collaborative research project.',
    NMDS: 'No development of analysis methods or software unrelated to the stated research.',
    GSO: 'Genetic studies only.',
    NPOA: 'No research on population origins.',
    NPUNCU: 'No commercial use and no use by for-profit organisations.',
    NPU: 'No use by for-profit organisations.',
    NCU: 'No commercial use.',
    PUB: 'Results must be published.',
    COL: 'Collaboration with the team that produced the data is required.',
    IRB: 'Approval by an ethics committee is required.',
    GS: 'Processing limited to: {region}.',
    MOR: 'No publication before {until}.',
    TS: 'Use limited to {months} months.',
    US: 'Use limited to the named user.',
    PS: 'Use limited to the named project.',
    IS: 'Use limited to the named institution.',
    RTN: 'Derived data must be returned to the provider.',
    permissionHeading: 'Permitted use',
    modifiersHeading: 'Conditions',
  },
);

/** Short names of the permissions, for facets and result lists where a sentence would not fit. */
export const permissionNames = defineMessages(
  {
    NRES: 'Aucune restriction',
    GRU: 'Toute recherche',
    HMB: 'Recherche en santé',
    DS: 'Recherche sur une maladie précise',
    POA: 'Origines des populations',
  },
  {
    NRES: 'No restriction',
    GRU: 'Any research',
    HMB: 'Health research',
    DS: 'Research on one disease',
    POA: 'Population origins',
  },
);

/** The short name of a permission code, or the code itself when it is not one of DUO's five. */
export function permissionName(lang: Lang, code: string): string {
  return (permissionNames[lang] as Record<string, string>)[code] ?? code;
}

export function permissionText(lang: Lang, code: DuoPermissionCode, disease?: string): string {
  return fill(duoText[lang][code], { disease: disease ?? '?' });
}

export function modifierText(lang: Lang, modifier: DuoModifier): string {
  return fill(duoText[lang][modifier.code as DuoModifierCode], {
    region: modifier.region ?? '?',
    months: modifier.months ?? '?',
    until: modifier.until ? formatCalendarDate(lang, modifier.until) : '?',
  });
}

/** The conditions as sentences: the permission first, then each modifier. */
export function conditionsText(lang: Lang, conditions: DataUseConditions): string[] {
  return [
    permissionText(lang, conditions.permission.code, conditions.permission.disease),
    ...(conditions.modifiers ?? []).map((m) => modifierText(lang, m)),
  ];
}
