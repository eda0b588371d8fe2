// A small browser for server-side console tests: a cookie jar, the desk's origin on every post, and the
// CSRF token read from the last page, over the app's own fetch (no socket). Real-browser journeys live in
// test/browser/.
import type { TestDesk } from '../harness';

export const DESK_ORIGIN = 'http://desk.test';

export interface Page {
  status: number;
  headers: Headers;
  html: string;
  /** Where a redirect points, if the answer is one. */
  location: string | null;
}

export class ConsoleClient {
  readonly cookies = new Map<string, string>();
  last: Page | undefined;

  constructor(private readonly desk: Pick<TestDesk, 'app'>) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(path: string, init: RequestInit = {}): Promise<Page> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0 && !headers.has('cookie')) headers.set('cookie', this.cookieHeader());
    const response = await this.desk.app.request(`${DESK_ORIGIN}${path}`, {
      ...init,
      headers,
      redirect: 'manual',
    });
    this.remember(response);
    const page = {
      status: response.status,
      headers: response.headers,
      html: await response.text(),
      location: response.headers.get('location'),
    };
    this.last = page;
    return page;
  }

  get(path: string, headers: Record<string, string> = {}): Promise<Page> {
    return this.request(path, { headers });
  }

  /** The CSRF token of the last page's first form. */
  csrf(): string {
    const match = /name="_csrf" value="([^"]*)"/.exec(this.last?.html ?? '');
    if (!match) throw new Error('the last page has no form with a CSRF token');
    return match[1]!;
  }

  /** Posts a form as a browser would from a page of the desk: same Origin, the page's token unless given. */
  post(
    path: string,
    fields: Record<string, string | string[]> | FormData,
    options: { origin?: string | null; csrf?: string | null } = {},
  ): Promise<Page> {
    const headers: Record<string, string> = {};
    const origin = options.origin === undefined ? DESK_ORIGIN : options.origin;
    if (origin !== null) headers.origin = origin;
    const token = options.csrf === undefined ? this.csrf() : options.csrf;
    let body: FormData | URLSearchParams;
    if (fields instanceof FormData) {
      body = fields;
      if (token !== null && !body.has('_csrf')) body.set('_csrf', token);
    } else {
      body = new URLSearchParams();
      if (token !== null) body.append('_csrf', token);
      for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
    }
    return this.request(path, { method: 'POST', body, headers });
  }

  /** Signs in through the dev sign-in page as a member of the demo cast (or any subject). */
  async signIn(subject: string, lang: 'fr' | 'en' = 'fr'): Promise<void> {
    await this.get(`/${lang}/sign-in`);
    const page = await this.post(`/${lang}/sign-in/dev`, { subject, next: `/${lang}` });
    if (page.status !== 303) throw new Error(`dev sign-in as ${subject} answered ${page.status}`);
  }
}

/** The visible text of an HTML fragment, tags dropped and spaces collapsed, for assertions on wording. */
export function textOf(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

const decodeHtml = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/**
 * What a browser sends for the form of a page that posts to `action`, as it stands: text inputs and text areas,
 * ticked boxes, each list's selected option (else its first). The CSRF token is left to ConsoleClient.post.
 */
export function formFields(html: string, action: string): Record<string, string[]> {
  const start = html.indexOf(`action="${action}"`);
  if (start < 0) throw new Error(`no form posts to ${action}`);
  const form = html.slice(start, html.indexOf('</form>', start));
  const attribute = (tag: string, name: string) => {
    const found = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
    return found ? decodeHtml(found[1]!) : undefined;
  };
  const out: Record<string, string[]> = {};
  const add = (name: string | undefined, value: string) => {
    if (!name || name === '_csrf') return;
    out[name] = [...(out[name] ?? []), value];
  };
  for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
    const type = attribute(tag, 'type') ?? 'text';
    if (type === 'submit' || type === 'file') continue;
    if ((type === 'checkbox' || type === 'radio') && !/\schecked(?:=""|[\s>])/.test(tag)) continue;
    add(attribute(tag, 'name'), attribute(tag, 'value') ?? (type === 'checkbox' ? 'on' : ''));
  }
  for (const [, attrs, text] of form.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
    // A browser drops the line break that may follow <textarea>.
    add(attribute(attrs!, 'name'), decodeHtml(text!).replace(/^\r?\n/, ''));
  }
  for (const [, attrs, options] of form.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const chosen =
      /<option value="([^"]*)" selected=""/.exec(options!) ?? /<option value="([^"]*)"/.exec(options!);
    add(attribute(attrs!, 'name'), chosen ? decodeHtml(chosen[1]!) : '');
  }
  return out;
}
