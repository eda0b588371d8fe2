// A small valid descriptor for tests that need one quickly, varied by a label.
import type { DatasetDescriptor } from '../src/domain/descriptor';

export function sampleDescriptor(
  label = 'Cohorte test',
  extra: Partial<DatasetDescriptor> = {},
): DatasetDescriptor {
  return {
    title: { fr: `${label} — données de diabète`, en: `${label} — diabetes data` },
    description: {
      fr: 'Extraction de l’entrepôt de données de santé : patients atteints de diabète de type 2.',
      en: 'Hospital data warehouse extract: patients with type 2 diabetes.',
    },
    keywords: { fr: ['diabète', 'entrepôt de données'], en: ['diabetes'] },
    themes: ['HEAL'],
    publisher: { name: 'Hôpital Foch', homepage: 'https://www.hopital-foch.com' },
    contactPoint: { name: 'Guichet EDS', email: 'eds@foch.example.org' },
    accessRights: 'RESTRICTED',
    codingSystems: ['CIM-10', 'OMOP'],
    healthCategories: ['EHRS'],
    dataUseConditions: { permission: { code: 'DS', disease: 'E11' }, modifiers: [{ code: 'IRB' }] },
    ...extra,
  };
}
