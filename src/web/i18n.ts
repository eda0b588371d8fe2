// The console's languages: typed message catalogues (fr, en), French typography, and dates and numbers in
// each language's own forms, in the desk's time zone.

export const LANGS = ['fr', 'en'] as const;
export type Lang = (typeof LANGS)[number];

export const isLang = (value: string | undefined): value is Lang => value === 'fr' || value === 'en';

/** The desk works in Paris: every date and time a page shows is Paris time. */
export const TIME_ZONE = 'Europe/Paris';
const LOCALES: Record<Lang, string> = { fr: 'fr-FR', en: 'en-GB' };

const NNBSP = '\u202F';
const NBSP = '\u00A0';

/**
 * French typographic rules (Imprimerie nationale, as the RGAA's own pages follow them): a narrow no-break
 * space before ; ! ? and a no-break space before : and inside « », a typographic apostrophe. Applied to every
 * French message when the catalogue is defined, so no message can forget them and no line breaks before a
 * colon or a question mark.
 */
export function frenchTypography(text: string): string {
  return text
    .replace(/'/g, '’')
    .replace(/ ?([;!?])(?=\s|$|<)/g, `${NNBSP}$1`)
    .replace(/ :(?=\s|$)/g, `${NBSP}:`)
    .replace(/« ?/g, `«${NBSP}`)
    .replace(/ ?»/g, `${NBSP}»`);
}

export type Messages<K extends string> = { readonly [key in K]: string };

/**
 * A catalogue of one area of the console: French first, and English with exactly the same keys (the type
 * checker refuses a missing or extra one).
 */
export function defineMessages<const F extends Record<string, string>>(
  fr: F,
  en: { [key in keyof F]: string },
): Record<Lang, Messages<keyof F & string>> {
  const french = Object.fromEntries(Object.entries(fr).map(([k, v]) => [k, frenchTypography(v)]));
  return { fr: french as Messages<keyof F & string>, en: en as Messages<keyof F & string> };
}

/** Fills `{name}` placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

const pluralRules: Record<Lang, Intl.PluralRules> = {
  fr: new Intl.PluralRules('fr-FR'),
  en: new Intl.PluralRules('en-GB'),
};

/** Picks the form for `n` (French counts 0 and 1 as singular) and fills `{n}` with the number in its form. */
export function plural(lang: Lang, n: number, forms: { one: string; other: string }): string {
  const form = pluralRules[lang].select(n) === 'one' ? forms.one : forms.other;
  return fill(form, { n: formatNumber(lang, n) });
}

const numberFormats: Record<Lang, Intl.NumberFormat> = {
  fr: new Intl.NumberFormat('fr-FR'),
  en: new Intl.NumberFormat('en-GB'),
};

export const formatNumber = (lang: Lang, n: number): string => numberFormats[lang].format(n);

const dateFormats: Record<Lang, Intl.DateTimeFormat> = {
  fr: new Intl.DateTimeFormat(LOCALES.fr, { dateStyle: 'long', timeZone: TIME_ZONE }),
  en: new Intl.DateTimeFormat(LOCALES.en, { dateStyle: 'long', timeZone: TIME_ZONE }),
};
const dateTimeFormats: Record<Lang, Intl.DateTimeFormat> = {
  fr: new Intl.DateTimeFormat(LOCALES.fr, { dateStyle: 'long', timeStyle: 'short', timeZone: TIME_ZONE }),
  en: new Intl.DateTimeFormat(LOCALES.en, { dateStyle: 'long', timeStyle: 'short', timeZone: TIME_ZONE }),
};

const asDate = (value: Date | string): Date => (typeof value === 'string' ? new Date(value) : value);

/** French writes the first of the month as an ordinal: « 1er mars », not « 1 mars ». */
const firstOfMonth = (lang: Lang, text: string): string =>
  lang === 'fr' ? text.replace(/^1 /, '1er ') : text;

/** 3 mars 2026 / 3 March 2026, in Paris. */
export const formatDate = (lang: Lang, value: Date | string): string =>
  firstOfMonth(lang, dateFormats[lang].format(asDate(value)));

/** 3 mars 2026 à 14:05 / 3 March 2026 at 14:05, in Paris. */
export const formatDateTime = (lang: Lang, value: Date | string): string =>
  firstOfMonth(lang, dateTimeFormats[lang].format(asDate(value)));

/** A date-only descriptor value (YYYY-MM-DD, YYYY-MM or YYYY) in words, without shifting it across zones. */
export function formatCalendarDate(lang: Lang, value: string): string {
  const [y, m, d] = value.split('-').map(Number);
  if (!y) return value;
  if (!m) return String(y);
  const utc = new Date(Date.UTC(y, m - 1, d ?? 1));
  const options: Intl.DateTimeFormatOptions = d
    ? { dateStyle: 'long', timeZone: 'UTC' }
    : { year: 'numeric', month: 'long', timeZone: 'UTC' };
  return firstOfMonth(lang, new Intl.DateTimeFormat(LOCALES[lang], options).format(utc));
}

/** Picks the page's language from a `{ fr, en }` text, falling back to the other one when it is missing. */
export function localized(lang: Lang, text: { fr?: string; en?: string } | null | undefined): string {
  if (!text) return '';
  return (lang === 'fr' ? (text.fr ?? text.en) : (text.en ?? text.fr)) ?? '';
}

/** The language an `Accept-Language` header prefers among ours (RFC 9110 §12.5.4); French by default. */
export function preferredLang(header: string | undefined): Lang {
  if (!header) return 'fr';
  let best: { lang: Lang; q: number } | undefined;
  for (const part of header.split(',')) {
    const [range, ...params] = part.trim().split(';');
    const tag = range?.trim().toLowerCase().split('-')[0];
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    if (isLang(tag) && (!best || q > best.q)) best = { lang: tag, q };
  }
  return best?.lang ?? 'fr';
}
