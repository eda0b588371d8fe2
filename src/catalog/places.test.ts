import { describe, expect, it } from 'vitest';
import countries from '../../catalog-schemas/vocabularies/countries.json';
import frenchRegions from '../../catalog-schemas/vocabularies/french-regions.json';
import nuts from '../../catalog-schemas/vocabularies/nuts.json';
import { classifyPlace, type PlaceKind, PROJECT_PLACE_BASE, placeFromIri, placeIri } from './places';

const EU_AND_EFTA =
  'BE BG CZ DK DE EE IE EL ES FR HR IT CY LV LT LU HU MT NL AT PL PT RO SI SK FI SE IS LI NO CH';

describe('the place vocabularies', () => {
  it('give every NUTS unit below level 0 a parent in the list, one level up', () => {
    const byCode = new Map(nuts.units.map((u) => [u.code, u]));
    expect(byCode.size).toBe(nuts.units.length);
    for (const unit of nuts.units.filter((u) => u.level > 0)) {
      expect(byCode.get(unit.code.slice(0, -1))?.level, unit.code).toBe(unit.level - 1);
    }
  });

  it('hold every EU and EFTA country at NUTS level 0, and France down to its departments', () => {
    const level0 = nuts.units.filter((u) => u.level === 0).map((u) => u.code);
    expect(level0.sort()).toEqual(EU_AND_EFTA.split(' ').sort());
    const french = nuts.units.filter((u) => u.code.startsWith('FR'));
    expect(french.filter((u) => u.level === 1).map((u) => u.code)).toEqual(
      'FR1 FRB FRC FRD FRE FRF FRG FRH FRI FRJ FRK FRL FRM FRY FRZ'.split(' '),
    );
    // 96 metropolitan departments, 5 overseas and the Extra-Regio unit.
    expect(french.filter((u) => u.level === 3)).toHaveLength(102);
  });

  it('list the 13 metropolitan and 5 overseas regions and every department, each with its INSEE code', () => {
    const subdivisions = frenchRegions.subdivisions;
    const regions = subdivisions.filter((s) => s.kind === 'region');
    expect(regions.map((r) => r.code).sort()).toEqual(
      'FR-20R FR-971 FR-972 FR-973 FR-974 FR-976 FR-ARA FR-BFC FR-BRE FR-CVL FR-GES FR-HDF FR-IDF FR-NAQ FR-NOR FR-OCC FR-PAC FR-PDL'.split(
        ' ',
      ),
    );
    for (const r of regions) expect(r.inseeRegion, r.code).toMatch(/^[0-9]{2}$/);
    const departments = subdivisions.filter((s) => s.kind === 'department');
    expect(departments).toHaveLength(96);
    for (const d of departments) {
      expect(d.inseeDepartment, d.code).toMatch(/^(?:[0-9]{2}|2[AB])$/);
      expect(regions.some((r) => r.code === d.parent) || d.parent === 'FR-6AE', d.code).toBe(true);
    }
  });

  it('map French subdivisions to NUTS units that exist, each unit at most once', () => {
    const codes = new Set(nuts.units.map((u) => u.code));
    const mapped = frenchRegions.subdivisions.flatMap((s) => ('nuts' in s && s.nuts ? [s.nuts] : []));
    for (const code of mapped) expect(codes.has(code), code).toBe(true);
    expect(new Set(mapped).size).toBe(mapped.length);
  });

  it('use only the place kinds the module knows', () => {
    const kinds: readonly PlaceKind[] = ['region', 'department', 'collectivity', 'overseas-collectivity'];
    for (const s of frenchRegions.subdivisions) expect(kinds, s.code).toContain(s.kind);
  });

  it('keep country codes and NUTS codes apart', () => {
    const nutsCodes = new Set(nuts.units.map((u) => u.code));
    for (const c of countries.countries) expect(nutsCodes.has(c.code), c.code).toBe(false);
  });
});

describe('classifyPlace', () => {
  it('reads three letters as an EU country code', () => {
    expect(classifyPlace('FRA')).toEqual({
      kind: 'country',
      code: 'FRA',
      iri: 'http://publications.europa.eu/resource/authority/country/FRA',
      label: { fr: 'France', en: 'France' },
    });
    expect(classifyPlace('deu')).toMatchObject({ kind: 'country', code: 'DEU', label: { fr: 'Allemagne' } });
    expect(classifyPlace('1A0')).toMatchObject({ kind: 'country', label: { en: 'Kosovo' } });
  });

  it('reads NUTS codes at every level', () => {
    expect(classifyPlace('FR')).toMatchObject({ kind: 'nuts', nutsLevel: 0, label: { fr: 'France' } });
    expect(classifyPlace('EL')).toMatchObject({ kind: 'nuts', nutsLevel: 0, label: { en: 'Greece' } });
    expect(classifyPlace('FRK')).toEqual({
      kind: 'nuts',
      code: 'FRK',
      iri: 'http://data.europa.eu/nuts/code/FRK',
      label: { fr: 'Auvergne-Rhône-Alpes', en: 'Auvergne-Rhône-Alpes' },
      name: 'Auvergne-Rhône-Alpes',
      nutsLevel: 1,
      parent: 'FR',
    });
    expect(classifyPlace('FR10')).toMatchObject({ kind: 'nuts', nutsLevel: 2, parent: 'FR1' });
    expect(classifyPlace('FR101')).toMatchObject({ kind: 'nuts', nutsLevel: 3, label: { fr: 'Paris' } });
    expect(classifyPlace('DE300')).toMatchObject({ kind: 'nuts', name: 'Berlin', label: {} });
    expect(classifyPlace('CH013')).toMatchObject({ kind: 'nuts', name: 'Genève' });
  });

  it('reads ISO 3166-2:FR codes, exported with the NUTS IRI of the same territory', () => {
    expect(classifyPlace('FR-IDF')).toEqual({
      kind: 'region',
      code: 'FR-IDF',
      iri: 'http://data.europa.eu/nuts/code/FR1',
      label: { fr: 'Île-de-France', en: 'Île-de-France' },
      nuts: 'FR1',
    });
    expect(classifyPlace('FR-13')).toMatchObject({ kind: 'department', nuts: 'FRL04', parent: 'FR-PAC' });
    expect(classifyPlace('FR-971')).toMatchObject({
      kind: 'region',
      iri: 'http://data.europa.eu/nuts/code/FRY1',
    });
  });

  it('reads the former code of Paris as the current one', () => {
    expect(classifyPlace('FR-75')).toMatchObject({ kind: 'department', code: 'FR-75C', nuts: 'FR101' });
  });

  it('gives a project IRI to subdivisions that match no NUTS unit', () => {
    expect(classifyPlace('FR-69M')).toMatchObject({
      kind: 'collectivity',
      iri: `${PROJECT_PLACE_BASE}FR-69M`,
    });
    expect(classifyPlace('FR-NC')).toMatchObject({
      kind: 'overseas-collectivity',
      iri: `${PROJECT_PLACE_BASE}FR-NC`,
    });
    expect(placeIri('FR-69')).toBe(`${PROJECT_PLACE_BASE}FR-69`);
  });

  it.each(['FRX', 'FRK9', 'FR-XYZ', 'US', 'GR', 'FR-20', '', 'France'])('refuses %j', (code) => {
    expect(classifyPlace(code)).toBeUndefined();
  });
});

describe('placeFromIri', () => {
  it('reads country, NUTS and project IRIs, http or https', () => {
    expect(placeFromIri('http://publications.europa.eu/resource/authority/country/FRA')?.code).toBe('FRA');
    expect(placeFromIri('https://publications.europa.eu/resource/authority/country/FRA/')?.code).toBe('FRA');
    expect(placeFromIri('http://data.europa.eu/nuts/code/FRK')).toMatchObject({ kind: 'nuts', code: 'FRK' });
    expect(placeFromIri(`${PROJECT_PLACE_BASE}FR-69M`)).toMatchObject({
      kind: 'collectivity',
      code: 'FR-69M',
    });
  });

  it('reads back the IRI of every place as a place with that IRI', () => {
    const codes = [
      ...countries.countries.map((c) => c.code),
      ...nuts.units.map((u) => u.code),
      ...frenchRegions.subdivisions.map((s) => s.code),
    ];
    for (const code of codes) {
      const iri = placeIri(code);
      expect(iri, code).toBeDefined();
      expect(placeFromIri(iri ?? '')?.iri, code).toBe(iri);
    }
  });

  it('refuses IRIs of unknown codes and other namespaces', () => {
    expect(placeFromIri('http://data.europa.eu/nuts/code/FRX')).toBeUndefined();
    expect(placeFromIri('http://publications.europa.eu/resource/authority/country/FR')).toBeUndefined();
    expect(placeFromIri(`${PROJECT_PLACE_BASE}FR-75`)).toBeUndefined();
    expect(placeFromIri('http://sws.geonames.org/3017382/')).toBeUndefined();
  });
});
