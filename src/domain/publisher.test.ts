import { describe, expect, it } from 'vitest';
import { publisherMismatches } from './publisher';

const pasteur = { name: 'Institut Pasteur', homepage: 'https://www.pasteur.fr' };
const pointers = (...args: Parameters<typeof publisherMismatches>) =>
  publisherMismatches(...args).map((m) => m.pointer);

describe('a publisher naming its organisation', () => {
  it('matches the registered name whatever the case, accents, spacing and punctuation', () => {
    expect(pointers({ name: 'institut  pasteur' }, pasteur)).toEqual([]);
    expect(pointers({ name: 'Hôpital Foch' }, { name: 'HOPITAL-FOCH', homepage: null })).toEqual([]);
  });

  it('matches a homepage on the registered site, with or without www, on any page', () => {
    expect(
      pointers({ name: 'Institut Pasteur', homepage: 'http://pasteur.fr/fr/recherche' }, pasteur),
    ).toEqual([]);
  });

  it('points at the name of another organisation, and at a homepage on another site', () => {
    expect(pointers({ name: 'Hôpital Foch', homepage: 'https://www.hopital-foch.com' }, pasteur)).toEqual([
      '/name',
      '/homepage',
    ]);
    expect(pointers({ name: 'Institut Pasteur Lille' }, pasteur)).toEqual(['/name']);
    expect(
      pointers({ name: 'Institut Pasteur', homepage: 'https://pasteur.fr.example.org' }, pasteur),
    ).toEqual(['/homepage']);
  });

  it('refuses any homepage for an organisation that registered none', () => {
    expect(
      pointers(
        { name: 'CHU Exemple', homepage: 'https://chu.example' },
        { name: 'CHU Exemple', homepage: null },
      ),
    ).toEqual(['/homepage']);
  });
});
