// The descriptor's codes as people read them, in French and English, from catalog-schemas/vocabularies:
// EU data themes and access rights, HealthDCAT-AP health categories, coding systems, DPV legal bases and
// personal-data categories (DPV names only in English: French labels for the closed list of legal bases are ours).
import accessRightsVocabulary from '../../catalog-schemas/vocabularies/access-rights.json';
import codingSystemsVocabulary from '../../catalog-schemas/vocabularies/coding-systems.json';
import dataThemesVocabulary from '../../catalog-schemas/vocabularies/data-themes.json';
import dpvVocabulary from '../../catalog-schemas/vocabularies/dpv.json';
import healthCategoriesVocabulary from '../../catalog-schemas/vocabularies/health-categories.json';
import { frenchTypography, type Lang } from './i18n';

/** A label and the language it is in, when it is not the page's (so the page can mark it with `lang`). */
export interface Label {
  text: string;
  lang?: Lang | undefined;
}

const byCode = <T extends { code: string }>(list: T[]) => new Map(list.map((t) => [t.code, t]));

const themes = byCode(dataThemesVocabulary.themes);
const categories = byCode(healthCategoriesVocabulary.categories);
const accessRights = byCode(accessRightsVocabulary.accessRights);
const codingSystems = byCode(codingSystemsVocabulary.codingSystems);
const personalData = byCode(dpvVocabulary.personalData.terms);
const legalBases = byCode(dpvVocabulary.legalBasis.terms);

const LEGAL_BASIS_FR: Record<string, string> = {
  Consent: 'Consentement de la personne concernée',
  InformedConsent: 'Consentement éclairé',
  ExplicitlyExpressedConsent: 'Consentement explicite (RGPD art. 9(2)(a) pour les données de santé)',
  Contract: 'Exécution d’un contrat',
  LegalObligation: 'Respect d’une obligation légale',
  VitalInterest: 'Sauvegarde des intérêts vitaux',
  VitalInterestOfDataSubject: 'Sauvegarde des intérêts vitaux de la personne concernée',
  PublicInterest: 'Mission d’intérêt public',
  OfficialAuthorityOfController: 'Exercice de l’autorité publique dont est investi le responsable',
  LegitimateInterest: 'Intérêt légitime',
};

function bilingual(lang: Lang, entry: { fr?: string; en?: string } | undefined, code: string): Label {
  if (!entry) return { text: code };
  const own = entry[lang];
  // The vocabularies' French labels are plain text: they get the same typography as the messages.
  if (own) return { text: lang === 'fr' ? frenchTypography(own) : own };
  const other = lang === 'fr' ? 'en' : 'fr';
  return entry[other] ? { text: entry[other], lang: other } : { text: code };
}

export const themeLabel = (lang: Lang, code: string): Label => bilingual(lang, themes.get(code), code);

export const healthCategoryLabel = (lang: Lang, code: string): Label =>
  bilingual(lang, categories.get(code), code);

/** The short form of an access right ("Restreint"), before its colon. */
export function accessRightsLabel(lang: Lang, code: string, short = true): Label {
  const label = bilingual(lang, accessRights.get(code), code);
  return short ? { ...label, text: label.text.split(/\s*:/)[0]! } : label;
}

/** A coding system's full name (in English, as its steward names it) and steward. */
export function codingSystemName(code: string): { name: string; steward?: string } | undefined {
  const system = codingSystems.get(code);
  return system ? { name: system.name, steward: system.steward } : undefined;
}

export function legalBasisLabel(lang: Lang, code: string): Label {
  if (lang === 'fr' && LEGAL_BASIS_FR[code]) return { text: LEGAL_BASIS_FR[code] };
  return bilingual(lang, { en: legalBases.get(code)?.en }, code);
}

export function personalDataLabel(lang: Lang, code: string): Label {
  const en = personalData.get(code)?.en;
  return en ? bilingual(lang, { en }, code) : { text: code };
}

const purposes = byCode(dpvVocabulary.purpose.terms);

export function purposeLabel(lang: Lang, code: string): Label {
  const en = purposes.get(code)?.en;
  return en ? bilingual(lang, { en }, code) : { text: code };
}

const languageNames: Record<Lang, Intl.DisplayNames> = {
  fr: new Intl.DisplayNames('fr', { type: 'language' }),
  en: new Intl.DisplayNames('en', { type: 'language' }),
};

/** An ISO 639-1 language in words, in the page's language ("anglais", "English"). */
export function languageLabel(lang: Lang, code: string): string {
  try {
    return languageNames[lang].of(code) ?? code;
  } catch {
    return code;
  }
}
