// The demo catalogue: realistic French health datasets of the PHOENIX partners, seeded on first start.
// Figures, contacts and URLs are illustrative (contact domains use .example); every entry must validate
// against catalog-schemas/dataset-descriptor/1.0.0 (checked in src/validation/descriptor-validation.test.ts).
import type { DatasetDescriptor } from '../domain/descriptor';

export type DemoProvider = 'pasteur' | 'foch' | 'roche';

export interface DemoDescriptor {
  /** Stable, URL-safe handle for seeds, tests and links. */
  slug: string;
  provider: DemoProvider;
  descriptor: DatasetDescriptor;
}

const PASTEUR = {
  name: 'Institut Pasteur',
  homepage: 'https://www.pasteur.fr',
  email: 'donnees-recherche@pasteur.example',
  type: 'Research institute',
} as const;

const FOCH = {
  name: 'Hôpital Foch',
  homepage: 'https://www.hopital-foch.com',
  email: 'entrepot-donnees@hopital-foch.example',
  type: 'Hospital',
} as const;

const ROCHE = {
  name: 'Roche France',
  homepage: 'https://www.roche.fr',
  email: 'data-sharing@roche.example',
  type: 'Company',
} as const;

const DESK = 'https://phoenix-desk.example/desks';

export const demoDescriptors: DemoDescriptor[] = [
  {
    slug: 'foch-eds-diabete-type-2',
    provider: 'foch',
    descriptor: {
      title: {
        fr: 'Entrepôt de données de santé de l’Hôpital Foch — patients atteints de diabète de type 2',
        en: 'Hôpital Foch health data warehouse — patients with type 2 diabetes',
      },
      description: {
        fr: 'Extrait pseudonymisé de l’entrepôt de données de santé (EDS) de l’Hôpital Foch portant sur les patients adultes ayant au moins un séjour ou une consultation codé E11 (diabète sucré de type 2) en CIM-10. Il réunit les diagnostics PMSI, les résultats de biologie (HbA1c, glycémie, créatininémie, DFG), les prescriptions hospitalières et les comptes rendus structurés, transformés au modèle commun OMOP. Mis à jour chaque trimestre.',
        en: 'Pseudonymised extract of the Hôpital Foch health data warehouse covering adult patients with at least one stay or visit coded E11 (type 2 diabetes mellitus) in ICD-10. It brings together PMSI diagnoses, laboratory results (HbA1c, glucose, creatinine, eGFR), hospital prescriptions and structured reports, mapped to the OMOP common data model. Refreshed every quarter.',
      },
      keywords: {
        fr: ['diabète', 'diabète de type 2', 'entrepôt de données de santé', 'EDS', 'HbA1c', 'OMOP'],
        en: ['diabetes', 'type 2 diabetes', 'health data warehouse', 'HbA1c', 'OMOP'],
      },
      themes: ['HEAL'],
      publisher: FOCH,
      contactPoint: {
        name: 'Cellule EDS — Direction de la recherche clinique',
        email: 'eds@hopital-foch.example',
        url: `${DESK}/foch/contact`,
      },
      spatial: ['FRA'],
      temporal: { start: '2015-01-01', end: '2024-12-31' },
      populationCoverage: {
        fr: 'Adultes pris en charge à l’Hôpital Foch (Suresnes) avec un diagnostic de diabète de type 2.',
        en: 'Adults treated at Hôpital Foch (Suresnes) with a diagnosis of type 2 diabetes.',
      },
      minTypicalAge: 18,
      maxTypicalAge: 95,
      numberOfRecords: 2_450_000,
      numberOfUniqueIndividuals: 18_420,
      healthCategories: ['EHRS', 'IDHP'],
      healthThemes: ['http://www.wikidata.org/entity/Q3025883'],
      codingSystems: ['ICD-10', 'CIM-10', 'OMOP', 'LOINC', 'ATC', 'CCAM'],
      personalData: ['Age', 'Gender', 'HealthRecord', 'Prescription'],
      legalBasis: ['PublicInterest'],
      purpose: ['ScientificResearch'],
      hdsHosting: { certified: true, host: 'Infrastructure interne certifiée HDS' },
      accessRights: 'NON_PUBLIC',
      retentionPeriod: {
        start: '2015-01-01',
        end: '2034-12-31',
        comment: 'Durée fixée par l’autorisation CNIL de l’entrepôt.',
      },
      distributions: [
        {
          title: { fr: 'Extraction OMOP sur demande', en: 'OMOP extraction on request' },
          accessUrl: `${DESK}/foch/datasets/eds-diabete-type-2`,
          format: 'PARQUET',
          mediaType: 'application/vnd.apache.parquet',
        },
      ],
      dataUseConditions: {
        permission: { code: 'DS', disease: 'E11' },
        modifiers: [{ code: 'IRB' }, { code: 'PUB' }, { code: 'TS', months: 36 }],
      },
      landingPage: `${DESK}/foch/datasets/eds-diabete-type-2`,
      languages: ['fr'],
      issued: '2023-03-15T09:00:00Z',
      modified: '2025-01-10T16:30:00Z',
    },
  },
  {
    slug: 'foch-registre-cancers-du-sein',
    provider: 'foch',
    descriptor: {
      title: {
        fr: 'Registre hospitalier du cancer du sein de l’Hôpital Foch',
        en: 'Hôpital Foch hospital-based breast cancer registry',
      },
      description: {
        fr: 'Registre des cancers du sein diagnostiqués ou traités à l’Hôpital Foch : caractéristiques tumorales (topographie et morphologie CIM-O-3, stade TNM, statut HER2 et récepteurs hormonaux), traitements (chirurgie, chimiothérapie, radiothérapie, hormonothérapie), récidives et statut vital. Les données sont validées en réunion de concertation pluridisciplinaire.',
        en: 'Registry of breast cancers diagnosed or treated at Hôpital Foch: tumour characteristics (ICD-O-3 topography and morphology, TNM stage, HER2 and hormone receptor status), treatments (surgery, chemotherapy, radiotherapy, endocrine therapy), recurrences and vital status. Data are validated in multidisciplinary tumour boards.',
      },
      keywords: {
        fr: ['cancer du sein', 'registre des cancers du sein', 'oncologie', 'HER2', 'sénologie'],
        en: ['breast cancer', 'registry', 'oncology', 'HER2'],
      },
      themes: ['HEAL'],
      publisher: FOCH,
      contactPoint: { name: 'Institut du sein — Hôpital Foch', email: 'registre-sein@hopital-foch.example' },
      spatial: ['FRA'],
      temporal: { start: '2010-01-01' },
      populationCoverage: {
        fr: 'Patientes et patients diagnostiqués ou traités pour un cancer du sein à l’Hôpital Foch depuis 2010.',
        en: 'Patients diagnosed with or treated for breast cancer at Hôpital Foch since 2010.',
      },
      minTypicalAge: 20,
      maxTypicalAge: 99,
      numberOfRecords: 9_800,
      numberOfUniqueIndividuals: 9_350,
      healthCategories: ['MRMR', 'EHRS'],
      healthThemes: ['http://www.wikidata.org/entity/Q128581'],
      codingSystems: ['ICD-10', 'CIM-10', 'ICD-O-3', 'CCAM'],
      personalData: ['Age', 'Gender', 'MedicalHealth'],
      legalBasis: ['PublicInterest'],
      purpose: ['ScientificResearch'],
      hdsHosting: { certified: true },
      accessRights: 'RESTRICTED',
      distributions: [
        { accessUrl: `${DESK}/foch/datasets/registre-cancers-du-sein`, format: 'CSV', mediaType: 'text/csv' },
      ],
      dataUseConditions: {
        permission: { code: 'DS', disease: 'C50' },
        modifiers: [{ code: 'IRB' }, { code: 'COL' }],
      },
      languages: ['fr'],
      issued: '2021-06-01T08:00:00Z',
      modified: '2024-11-20T10:00:00Z',
    },
  },
  {
    slug: 'foch-imagerie-scanner-thoracique',
    provider: 'foch',
    descriptor: {
      title: {
        fr: 'Collection d’imagerie — scanners thoraciques et mammographies de dépistage',
        en: 'Imaging collection — chest CT scans and screening mammograms',
      },
      description: {
        fr: 'Collection d’images DICOM pseudonymisées issues du service d’imagerie de l’Hôpital Foch : scanners thoraciques faible dose (dépistage et suivi de nodules pulmonaires, pneumopathies COVID-19) et mammographies de dépistage avec comptes rendus BI-RADS. Les métadonnées DICOM sont nettoyées selon le profil de dé-identification de la norme.',
        en: 'Pseudonymised DICOM images from the Hôpital Foch imaging department: low-dose chest CT scans (lung nodule screening and follow-up, COVID-19 pneumonia) and screening mammograms with BI-RADS reports. DICOM metadata are cleaned following the standard’s de-identification profile.',
      },
      keywords: {
        fr: ['imagerie médicale', 'scanner thoracique', 'mammographie', 'DICOM', 'intelligence artificielle'],
        en: ['medical imaging', 'chest CT', 'mammography', 'DICOM', 'artificial intelligence'],
      },
      themes: ['HEAL', 'TECH'],
      publisher: FOCH,
      contactPoint: { name: 'Service d’imagerie médicale', email: 'imagerie-recherche@hopital-foch.example' },
      spatial: ['FRA'],
      temporal: { start: '2018-01-01', end: '2024-06-30' },
      minTypicalAge: 40,
      maxTypicalAge: 90,
      numberOfRecords: 61_000,
      numberOfUniqueIndividuals: 23_700,
      healthCategories: ['EHRS', 'EMRD'],
      codingSystems: ['DICOM', 'SNOMED-CT', 'CCAM'],
      personalData: ['Age', 'Gender', 'MedicalHealth'],
      legalBasis: ['PublicInterest'],
      purpose: ['ScientificResearch', 'ResearchAndDevelopment'],
      hdsHosting: { certified: true, host: 'Infrastructure interne certifiée HDS' },
      accessRights: 'RESTRICTED',
      distributions: [
        {
          title: { fr: 'Images DICOM', en: 'DICOM images' },
          accessUrl: `${DESK}/foch/datasets/imagerie-scanner-thoracique`,
          format: 'DICOM',
          mediaType: 'application/dicom',
          byteSize: 18_500_000_000_000,
        },
      ],
      dataUseConditions: {
        permission: { code: 'HMB' },
        modifiers: [{ code: 'IRB' }, { code: 'TS', months: 24 }],
      },
      languages: ['fr'],
      issued: '2024-09-02T09:00:00Z',
    },
  },
  {
    slug: 'pasteur-cohorte-covid-19',
    provider: 'pasteur',
    descriptor: {
      title: {
        fr: 'Cohorte COVID-19 Île-de-France — suivi sérologique et clinique',
        en: 'Île-de-France COVID-19 cohort — serological and clinical follow-up',
      },
      description: {
        fr: 'Cohorte prospective d’adultes volontaires suivis de 2020 à 2023 : prélèvements sanguins répétés (anticorps anti-SARS-CoV-2 anti-S et anti-N), questionnaires sur les symptômes, la vaccination, les contacts et les conditions de vie, et symptômes persistants (COVID long). Les échantillons sont conservés en biobanque.',
        en: 'Prospective cohort of adult volunteers followed from 2020 to 2023: repeated blood samples (anti-S and anti-N SARS-CoV-2 antibodies), questionnaires on symptoms, vaccination, contacts and living conditions, and persistent symptoms (long COVID). Samples are kept in a biobank.',
      },
      keywords: {
        fr: ['COVID-19', 'SARS-CoV-2', 'cohorte', 'sérologie', 'COVID long'],
        en: ['COVID-19', 'SARS-CoV-2', 'cohort', 'serology', 'long COVID'],
      },
      themes: ['HEAL', 'SOCI'],
      publisher: PASTEUR,
      contactPoint: {
        name: 'Unité d’épidémiologie des maladies émergentes',
        email: 'cohorte-covid@pasteur.example',
      },
      spatial: ['FRA', 'http://data.europa.eu/nuts/code/FR10'],
      temporal: { start: '2020-04-01', end: '2023-06-30' },
      populationCoverage: {
        fr: 'Adultes volontaires résidant en Île-de-France.',
        en: 'Adult volunteers living in Île-de-France.',
      },
      minTypicalAge: 18,
      maxTypicalAge: 85,
      numberOfRecords: 48_200,
      numberOfUniqueIndividuals: 5_140,
      healthCategories: ['RQSH', 'DIOH', 'EINS'],
      healthThemes: ['http://www.wikidata.org/entity/Q84263196'],
      codingSystems: ['LOINC', 'MedDRA', 'ICD-10'],
      personalData: ['Age', 'Gender', 'Location', 'PhysicalHealth', 'HealthHistory'],
      legalBasis: ['ExplicitlyExpressedConsent'],
      purpose: ['AcademicResearch'],
      hdsHosting: { certified: true },
      accessRights: 'RESTRICTED',
      distributions: [
        {
          accessUrl: `${DESK}/pasteur/datasets/cohorte-covid-19`,
          format: 'CSV',
          mediaType: 'text/csv',
        },
      ],
      dataUseConditions: {
        permission: { code: 'GRU' },
        modifiers: [{ code: 'NCU' }, { code: 'PUB' }],
      },
      landingPage: `${DESK}/pasteur/datasets/cohorte-covid-19`,
      languages: ['fr', 'en'],
      issued: '2023-10-05T12:00:00Z',
      modified: '2024-03-18T08:45:00Z',
    },
  },
  {
    slug: 'pasteur-registre-surdites-genetiques',
    provider: 'pasteur',
    descriptor: {
      title: {
        fr: 'Registre des surdités génétiques rares de l’enfant',
        en: 'Registry of rare genetic hearing loss in children',
      },
      description: {
        fr: 'Registre de maladies rares réunissant les enfants atteints de surdité neurosensorielle d’origine génétique : phénotype audiologique codé HPO, diagnostic ORPHA, variants identifiés par séquençage (panel ou exome) et évolution après appareillage ou implant cochléaire.',
        en: 'Rare-disease registry of children with sensorineural hearing loss of genetic origin: audiological phenotype coded with HPO, ORPHA diagnosis, variants found by sequencing (panel or exome) and outcome after hearing aids or cochlear implant.',
      },
      keywords: {
        fr: ['maladie rare', 'surdité', 'génétique', 'registre', 'implant cochléaire'],
        en: ['rare disease', 'hearing loss', 'genetics', 'registry', 'cochlear implant'],
      },
      themes: ['HEAL', 'TECH'],
      publisher: PASTEUR,
      contactPoint: {
        name: 'Équipe génétique et physiologie de l’audition',
        email: 'registre-surdites@pasteur.example',
      },
      spatial: ['FRA'],
      temporal: { start: '2012-01-01' },
      populationCoverage: {
        fr: 'Enfants de 0 à 17 ans adressés par les centres de référence maladies rares.',
        en: 'Children aged 0 to 17 referred by rare-disease reference centres.',
      },
      minTypicalAge: 0,
      maxTypicalAge: 17,
      numberOfRecords: 3_900,
      numberOfUniqueIndividuals: 1_320,
      healthCategories: ['MRMR', 'HGPD'],
      codingSystems: ['ORPHA', 'HPO', 'ICD-10'],
      personalData: ['Age', 'Gender', 'Genetic', 'MedicalHealth'],
      legalBasis: ['ExplicitlyExpressedConsent'],
      purpose: ['AcademicResearch'],
      hdsHosting: { certified: true },
      accessRights: 'NON_PUBLIC',
      distributions: [{ accessUrl: `${DESK}/pasteur/datasets/registre-surdites-genetiques` }],
      dataUseConditions: {
        permission: { code: 'DS', disease: 'H90' },
        modifiers: [{ code: 'IRB' }, { code: 'NPOA' }, { code: 'RTN' }],
      },
      languages: ['fr', 'en'],
      issued: '2022-02-14T10:00:00Z',
    },
  },
  {
    slug: 'pasteur-surveillance-meningocoques',
    provider: 'pasteur',
    descriptor: {
      title: {
        fr: 'Surveillance des infections invasives à méningocoque — souches et caractéristiques des cas',
        en: 'Surveillance of invasive meningococcal disease — strains and case characteristics',
      },
      description: {
        fr: 'Données de surveillance microbiologique des infections invasives à Neisseria meningitidis : sérogroupe, génotype (MLST), sensibilité aux antibiotiques, caractéristiques démographiques des cas et issue clinique. Sert au suivi épidémiologique et à l’évaluation de la couverture vaccinale.',
        en: 'Microbiological surveillance data on invasive Neisseria meningitidis infections: serogroup, genotype (MLST), antibiotic susceptibility, demographic features of cases and clinical outcome. Used for epidemiological monitoring and vaccine coverage assessment.',
      },
      keywords: {
        fr: ['méningocoque', 'surveillance', 'maladies infectieuses', 'vaccination', 'génotypage'],
        en: ['meningococcus', 'surveillance', 'infectious diseases', 'vaccination', 'genotyping'],
      },
      themes: ['HEAL'],
      publisher: PASTEUR,
      contactPoint: {
        name: 'Centre national de référence des méningocoques',
        email: 'cnr-meningo@pasteur.example',
      },
      spatial: ['FRA'],
      temporal: { start: '2000-01-01', end: '2024-12-31' },
      minTypicalAge: 0,
      maxTypicalAge: 100,
      numberOfRecords: 12_600,
      numberOfUniqueIndividuals: 12_400,
      healthCategories: ['RPDG', 'PHDR'],
      codingSystems: ['ICD-10', 'SNOMED-CT'],
      personalData: ['AgeRange', 'Gender', 'Location', 'MedicalHealth'],
      legalBasis: ['PublicInterest'],
      purpose: ['ScientificResearch'],
      hdsHosting: { certified: true },
      accessRights: 'RESTRICTED',
      distributions: [
        {
          accessUrl: `${DESK}/pasteur/datasets/surveillance-meningocoques`,
          format: 'CSV',
          mediaType: 'text/csv',
        },
      ],
      dataUseConditions: {
        permission: { code: 'HMB' },
        modifiers: [{ code: 'PUB' }, { code: 'GS', region: 'EU' }],
      },
      languages: ['fr'],
      issued: '2020-01-20T09:00:00Z',
      modified: '2025-02-03T09:00:00Z',
    },
  },
  {
    slug: 'roche-essai-phase-3-oncologie',
    provider: 'roche',
    descriptor: {
      title: {
        fr: 'Données individuelles d’un essai de phase III en oncologie thoracique',
        en: 'Individual participant data from a phase III thoracic oncology trial',
      },
      description: {
        fr: 'Données individuelles anonymisées des participants français d’un essai randomisé de phase III évaluant une immunothérapie dans le cancer bronchique non à petites cellules : caractéristiques à l’inclusion, réponses tumorales RECIST, survie sans progression, événements indésirables codés MedDRA. Données au format CDISC SDTM et ADaM.',
        en: 'Anonymised individual data of the French participants in a randomised phase III trial of an immunotherapy in non-small-cell lung cancer: baseline characteristics, RECIST tumour responses, progression-free survival, adverse events coded with MedDRA. Data in CDISC SDTM and ADaM format.',
      },
      keywords: {
        fr: ['essai clinique', 'cancer du poumon', 'immunothérapie', 'CDISC'],
        en: ['clinical trial', 'lung cancer', 'immunotherapy', 'CDISC'],
      },
      themes: ['HEAL', 'TECH'],
      publisher: ROCHE,
      contactPoint: { name: 'Roche — partage des données cliniques', email: 'clinical-data@roche.example' },
      spatial: ['FRA'],
      temporal: { start: '2017-09-01', end: '2022-03-31' },
      minTypicalAge: 18,
      maxTypicalAge: 85,
      numberOfRecords: 212_000,
      numberOfUniqueIndividuals: 412,
      healthCategories: ['EHCT'],
      codingSystems: ['CDISC', 'MedDRA', 'ATC', 'ICD-10'],
      personalData: ['AgeRange', 'Gender', 'MedicalHealth'],
      legalBasis: ['LegitimateInterest'],
      purpose: ['ScientificResearch', 'CommercialResearch'],
      hdsHosting: { certified: true, host: 'Environnement sécurisé d’analyse certifié HDS' },
      accessRights: 'RESTRICTED',
      distributions: [{ accessUrl: `${DESK}/roche/datasets/essai-phase-3-oncologie`, format: 'SAS_XPORT' }],
      dataUseConditions: {
        permission: { code: 'HMB' },
        modifiers: [{ code: 'COL' }, { code: 'MOR', until: '2026-06-30' }],
      },
      languages: ['en'],
      issued: '2024-04-22T07:00:00Z',
    },
  },
  {
    slug: 'roche-extrait-snds-sclerose-en-plaques',
    provider: 'roche',
    descriptor: {
      title: {
        fr: 'Extrait SNDS — parcours de soins des personnes atteintes de sclérose en plaques',
        en: 'SNDS extract — care pathways of people with multiple sclerosis',
      },
      description: {
        fr: 'Extrait du Système national des données de santé (SNDS) constitué pour une étude de pharmaco-épidémiologie : consommations de soins de ville (DCIR), hospitalisations (PMSI MCO et SSR), affections de longue durée, délivrances de traitements de fond codés ATC et CIP. Accès uniquement dans un environnement sécurisé, pour des projets autorisés.',
        en: 'Extract of the French national health data system (SNDS) built for a pharmaco-epidemiology study: outpatient care (DCIR), hospital stays (PMSI acute and rehabilitation), long-term conditions, dispensing of disease-modifying treatments coded with ATC and CIP. Access only in a secure environment, for authorised projects.',
      },
      keywords: {
        fr: ['SNDS', 'sclérose en plaques', 'pharmaco-épidémiologie', 'PMSI', 'données de remboursement'],
        en: ['SNDS', 'multiple sclerosis', 'pharmacoepidemiology', 'claims data'],
      },
      themes: ['HEAL', 'GOVE'],
      publisher: ROCHE,
      contactPoint: { name: 'Roche — études en vie réelle', email: 'rwe@roche.example' },
      spatial: ['FRA'],
      temporal: { start: '2013-01-01', end: '2023-12-31' },
      populationCoverage: {
        fr: 'Personnes affiliées à l’assurance maladie avec une ALD ou un traitement de fond de sclérose en plaques.',
        en: 'People covered by French health insurance with a long-term condition or disease-modifying treatment for multiple sclerosis.',
      },
      minTypicalAge: 18,
      maxTypicalAge: 90,
      numberOfRecords: 96_000_000,
      numberOfUniqueIndividuals: 118_000,
      healthCategories: ['HRAD', 'EHRS'],
      healthThemes: ['http://www.wikidata.org/entity/Q8277'],
      codingSystems: ['CIM-10', 'ATC', 'CIP', 'UCD', 'CCAM', 'GHM', 'NABM'],
      personalData: ['AgeRange', 'Gender', 'Location', 'HealthRecord', 'Prescription'],
      legalBasis: ['PublicInterest'],
      purpose: ['ScientificResearch'],
      hdsHosting: { certified: true, host: 'Environnement sécurisé d’analyse certifié HDS' },
      accessRights: 'NON_PUBLIC',
      retentionPeriod: { start: '2024-01-01', end: '2028-12-31', comment: 'Durée de l’autorisation CNIL.' },
      distributions: [{ accessUrl: `${DESK}/roche/datasets/extrait-snds-sclerose-en-plaques` }],
      dataUseConditions: {
        permission: { code: 'HMB' },
        modifiers: [{ code: 'IRB' }, { code: 'GS', region: 'FR' }, { code: 'US' }],
      },
      languages: ['fr'],
      issued: '2024-07-01T08:00:00Z',
      modified: '2024-12-02T14:00:00Z',
    },
  },
];
