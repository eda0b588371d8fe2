// Helpers for access-request suites: the demo desk's ids and a valid application.
import type { TestDesk } from './harness';

export interface DemoIds {
  orgs: Map<string, string>;
  desks: Map<string, string>;
  /** Published demo datasets by a word of their English title (e.g. 'COVID-19'). */
  dataset(word: string): string;
}

export async function demoIds(desk: TestDesk, orgs: Map<string, string>): Promise<DemoIds> {
  const deskList = (await (await desk.request('/v1/desks')).json()) as {
    items: { id: string; slug: string }[];
  };
  const all = (await (await desk.request('/v1/datasets?limit=100')).json()) as {
    items: { id: string; title: { en?: string; fr?: string } }[];
  };
  return {
    orgs,
    desks: new Map(deskList.items.map((d) => [d.slug, d.id])),
    dataset(word) {
      const found = all.items.find((d) => `${d.title.en} ${d.title.fr}`.includes(word));
      if (!found) throw new Error(`no demo dataset titled with '${word}'`);
      return found.id;
    },
  };
}

export function application(overrides: Record<string, unknown> = {}, purpose: Record<string, unknown> = {}) {
  return {
    title: { fr: 'Facteurs pronostiques du COVID-19 long', en: 'Prognostic factors of long COVID' },
    summary: { fr: 'Étude rétrospective sur la cohorte.', en: 'Retrospective study of the cohort.' },
    purpose: {
      permission: 'HMB',
      commercial: false,
      durationMonths: 12,
      processingRegion: 'FR-IDF',
      ...purpose,
    },
    legalBasis: { article6: 'e', article9: 'j' },
    ethicsReference: 'CESREES-2026-118',
    processingEnvironment: 'Bulle sécurisée HDS du CESP',
    ...overrides,
  };
}
