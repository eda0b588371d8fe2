// Synthetic but realistic dataset descriptors for load: French hospital, registry and cohort data.
import type { DatasetDescriptor, DuoPermissionCode } from '../src/domain/descriptor';

const CONDITIONS = [
  ['diabète de type 2', 'type 2 diabetes', 'E11'],
  ['cancer du sein', 'breast cancer', 'C50'],
  ['insuffisance cardiaque', 'heart failure', 'I50'],
  ['mucoviscidose', 'cystic fibrosis', 'E84'],
  ['maladie de Parkinson', 'Parkinson disease', 'G20'],
  ['asthme', 'asthma', 'J45'],
  ['COVID-19', 'COVID-19', 'U07'],
  ['sclérose en plaques', 'multiple sclerosis', 'G35'],
  ['accident vasculaire cérébral', 'stroke', 'I63'],
  ['cancer colorectal', 'colorectal cancer', 'C18'],
  ['bronchopneumopathie chronique obstructive', 'chronic obstructive pulmonary disease', 'J44'],
  ['maladie d’Alzheimer', 'Alzheimer disease', 'G30'],
] as const;

const SOURCES = [
  ['Entrepôt de données de santé', 'Health data warehouse', 'EHRS', ['CIM-10', 'OMOP', 'LOINC']],
  ['Registre', 'Registry', 'MRMR', ['ICD-O-3', 'CIM-10']],
  ['Cohorte', 'Cohort', 'RQSH', ['SNOMED-CT', 'MedDRA']],
  ['Collection d’imagerie', 'Imaging collection', 'EHRS', ['DICOM']],
  ['Extraction médico-administrative', 'Claims extract', 'HRAD', ['CIM-10', 'CCAM', 'ATC']],
  ['Essai clinique', 'Clinical trial', 'EHCT', ['CDISC', 'MedDRA']],
] as const;

const PLACES = [
  'Paris',
  'Suresnes',
  'Créteil',
  'Versailles',
  'Bobigny',
  'Évry',
  'Cergy',
  'Nanterre',
  'Île-de-France',
];
const PROVIDERS = [
  'Institut Pasteur',
  'Hôpital Foch',
  'Roche SAS',
  'AP-HP',
  'Institut Curie',
  'Gustave Roussy',
];
const PERMISSIONS: DuoPermissionCode[] = ['GRU', 'HMB', 'DS', 'NRES'];
const ACCESS = ['PUBLIC', 'RESTRICTED', 'NON_PUBLIC'] as const;

/** A deterministic descriptor for index i: the same catalogue on every run, so figures compare. */
export function syntheticDescriptor(i: number): DatasetDescriptor {
  const [condFr, condEn, icd] = CONDITIONS[i % CONDITIONS.length]!;
  const [srcFr, srcEn, category, codings] = SOURCES[Math.floor(i / CONDITIONS.length) % SOURCES.length]!;
  const place = PLACES[i % PLACES.length]!;
  const publisher = PROVIDERS[i % PROVIDERS.length]!;
  const start = 2000 + (i % 20);
  const permission = PERMISSIONS[i % PERMISSIONS.length]!;
  return {
    title: { fr: `${srcFr} ${condFr} — ${place} n°${i}`, en: `${srcEn} of ${condEn} — ${place} #${i}` },
    description: {
      fr: `${srcFr} pseudonymisé de patients atteints de ${condFr}, suivis à ${place} de ${start} à ${start + 5}. Données cliniques, biologiques et de prescription.`,
      en: `Pseudonymised ${srcEn.toLowerCase()} of patients with ${condEn}, followed in ${place} from ${start} to ${start + 5}. Clinical, laboratory and prescription data.`,
    },
    // A rare condition, for a query that matches a handful of datasets: i = 0, 9 973, 19 946… (11 in 100 000,
    // 3 in 20 000).
    keywords:
      i % 9973 === 0
        ? { fr: [condFr, srcFr.toLowerCase(), 'drépanocytose'], en: [condEn, 'sickle cell disease'] }
        : { fr: [condFr, srcFr.toLowerCase()], en: [condEn] },
    themes: ['HEAL'],
    publisher: { name: publisher },
    contactPoint: { name: `Guichet ${publisher}`, email: 'guichet@example.org' },
    spatial: ['FRA'],
    temporal: { start: `${start}-01-01`, end: `${start + 5}-12-31` },
    numberOfRecords: 1000 + ((i * 7919) % 5_000_000),
    numberOfUniqueIndividuals: 100 + ((i * 104_729) % 200_000),
    healthCategories: [category],
    codingSystems: [...codings],
    accessRights: ACCESS[i % ACCESS.length]!,
    dataUseConditions:
      permission === 'DS'
        ? { permission: { code: 'DS', disease: icd }, modifiers: [{ code: 'IRB' }] }
        : { permission: { code: permission }, ...(i % 2 ? { modifiers: [{ code: 'NCU' }] } : {}) },
  };
}
