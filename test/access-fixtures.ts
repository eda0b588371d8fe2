// Helpers for access-request suites: the demo desk's ids and a valid application.
import { createTestDesk, type TestDesk } from './harness';

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

/** A clock a suite sets by hand, for deadlines, expiries and periods. */
export function handClock(start: string) {
  const clock = {
    now: new Date(start),
    set(iso: string) {
      clock.now = new Date(iso);
    },
  };
  return clock;
}

/** A desk of the suite's own with the demo cast seeded, on `clock` when given, and the cast's ids. */
export async function seededDesk(clock?: { now: Date }): Promise<{ desk: TestDesk; ids: DemoIds }> {
  const desk = await createTestDesk(clock ? { now: () => clock.now } : {});
  return { desk, ids: await demoIds(desk, await desk.seed()) };
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

/** Drafts an application to the Pasteur desk as demo-requester-cesp (optionally submits it); returns its id. */
export async function draftApplication(
  desk: TestDesk,
  ids: DemoIds,
  options: { submit?: boolean; app?: ReturnType<typeof application>; team?: string[] } = {},
): Promise<string> {
  const requester = await desk.token('demo-requester-cesp');
  const created = await desk.request('/v1/access-requests', {
    method: 'POST',
    token: requester,
    json: {
      deskId: ids.desks.get('guichet-pasteur'),
      application: options.app ?? application(),
      datasetIds: [ids.dataset('COVID-19')],
      team: options.team ?? [],
    },
  });
  if (created.status !== 201) throw new Error(`draft refused: ${created.status} ${await created.text()}`);
  const { id } = (await created.json()) as { id: string };
  if (options.submit) {
    const submitted = await desk.request(`/v1/access-requests/${id}/submit`, {
      method: 'POST',
      token: requester,
    });
    if (submitted.status !== 200)
      throw new Error(`submission refused: ${submitted.status} ${await submitted.text()}`);
  }
  return id;
}
