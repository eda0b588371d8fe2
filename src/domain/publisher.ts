// Whether a descriptor's publisher is the organisation that offers the dataset: a provider speaks only for itself.
import type { Agent } from './descriptor';
import { tokenize } from './search-text';

export interface RegisteredOrganisation {
  name: string;
  homepage: string | null;
}

/** The web site of a URL, without a leading www: https://www.pasteur.fr/fr and http://pasteur.fr are one site. */
function siteOf(url: string): string | undefined {
  if (!URL.canParse(url)) return undefined;
  return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
}

/**
 * Where `publisher` departs from `org`, as pointers inside the publisher; empty when it names `org`. The name
 * must be the organisation's registered name (accents, case and punctuation aside); a homepage must be on the
 * organisation's registered web site, so none can be given for an organisation that has not registered one.
 */
export function publisherMismatches(
  publisher: Agent,
  org: RegisteredOrganisation,
): { pointer: string; message: string }[] {
  const mismatches: { pointer: string; message: string }[] = [];
  if (tokenize(publisher.name).join(' ') !== tokenize(org.name).join(' ')) {
    mismatches.push({ pointer: '/name', message: `must name the providing organisation, '${org.name}'` });
  }
  if (publisher.homepage !== undefined) {
    const site = org.homepage ? siteOf(org.homepage) : undefined;
    if (!site) {
      mismatches.push({
        pointer: '/homepage',
        message: `'${org.name}' has registered no homepage to check this one against; leave it out`,
      });
    } else if (siteOf(publisher.homepage) !== site) {
      mismatches.push({ pointer: '/homepage', message: `must be on the site of '${org.name}', ${site}` });
    }
  }
  return mismatches;
}
