// A provider publishes in its own name: no dataset created, edited or imported names another organisation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleDescriptor } from '../fixtures-descriptor';
import { createTestDesk, type TestDesk, tableCounts } from '../harness';

let desk: TestDesk;
let orgs: Map<string, string>;
let editor: string;

const PASTEUR = { name: 'Institut Pasteur', homepage: 'https://www.pasteur.fr' };
const FOCH = { name: 'Hôpital Foch', homepage: 'https://www.hopital-foch.com' };

beforeAll(async () => {
  desk = await createTestDesk();
  orgs = await desk.seed();
  editor = await desk.token('demo-editor-pasteur');
});
afterAll(() => desk.close());

type Problem = { status: number; code: string; violations?: { pointer: string }[] };

const create = (publisher: object) =>
  desk.request('/v1/datasets', {
    method: 'POST',
    token: editor,
    json: {
      providerId: orgs.get('institut-pasteur'),
      descriptor: sampleDescriptor('Cohorte Pasteur', { publisher: publisher as typeof PASTEUR }),
    },
  });

const pointers = async (res: Response) => {
  const problem = (await res.json()) as Problem;
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  return problem.violations?.map((v) => v.pointer) ?? [];
};

const turtle = (publisher: typeof PASTEUR) => `
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
<https://data.example.org/ds/cohorte> a dcat:Dataset ;
  dct:title "Cohorte des porteurs sains"@fr ;
  dct:description "Suivi de porteurs sains de staphylocoque doré."@fr ;
  dct:accessRights <http://publications.europa.eu/resource/authority/access-right/RESTRICTED> ;
  dct:publisher [ a foaf:Organization ; foaf:name "${publisher.name}" ; foaf:homepage <${publisher.homepage}> ] .
`;

const importAs = (publisher: typeof PASTEUR) =>
  desk.request(`/v1/datasets/import?providerId=${orgs.get('institut-pasteur')}`, {
    method: 'POST',
    token: editor,
    headers: { 'content-type': 'text/turtle' },
    body: turtle(publisher),
  });

describe('the publisher of a dataset', () => {
  it('refuses to create a dataset naming another organisation, pointing at the publisher, and writes nothing', async () => {
    const before = await tableCounts(desk);
    const res = await create(FOCH);
    expect(res.status).toBe(403);
    expect(await pointers(res)).toEqual(['/descriptor/publisher/name', '/descriptor/publisher/homepage']);
    expect(await tableCounts(desk)).toEqual(before);
  });

  it('refuses its own name on another organisation’s web site', async () => {
    const res = await create({ ...PASTEUR, homepage: 'https://www.hopital-foch.com/recherche' });
    expect(res.status).toBe(403);
    expect(await pointers(res)).toEqual(['/descriptor/publisher/homepage']);
  });

  it('accepts the provider’s own name and site, whatever the case, accents and page', async () => {
    const res = await create({ name: 'INSTITUT  PASTEUR', homepage: 'https://pasteur.fr/fr/recherche' });
    expect(res.status).toBe(201);
  });

  it('refuses an edit that names another organisation and leaves the dataset as it was', async () => {
    const created = (await (await create(PASTEUR)).json()) as { id: string };
    const put = await desk.request(`/v1/datasets/${created.id}`, {
      method: 'PUT',
      token: editor,
      headers: { 'if-match': '"1"' },
      json: { descriptor: sampleDescriptor('Cohorte Pasteur', { publisher: { name: 'Hôpital Foch' } }) },
    });
    expect(put.status).toBe(403);
    expect(await pointers(put)).toEqual(['/descriptor/publisher/name']);
    const now = (await (await desk.request(`/v1/datasets/${created.id}`, { token: editor })).json()) as {
      version: number;
      descriptor: { publisher: { name: string } };
    };
    expect(now.version).toBe(1);
    expect(now.descriptor.publisher.name).toBe('Institut Pasteur');
  });

  it('refuses an import whose dataset names another organisation, pointing at it, and writes nothing', async () => {
    const before = await tableCounts(desk);
    const res = await importAs(FOCH);
    expect(res.status).toBe(403);
    expect(await pointers(res)).toEqual(['/0/publisher/name', '/0/publisher/homepage']);
    expect(await tableCounts(desk)).toEqual(before);
    expect((await importAs(PASTEUR)).status).toBe(201);
  });
});
