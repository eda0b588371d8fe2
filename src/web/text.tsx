// Texts a page shows from data: the page's language when the data has it, otherwise the other language,
// marked with `lang` so screen readers read it in its own voice (WCAG 3.1.2).
import type { Lang } from './i18n';
import type { Label } from './vocabulary-labels';

export function pickLocalized(lang: Lang, text: { fr?: string; en?: string } | null | undefined): Label {
  const own = text?.[lang];
  if (own) return { text: own };
  const other: Lang = lang === 'fr' ? 'en' : 'fr';
  const fallback = text?.[other];
  return fallback ? { text: fallback, lang: other } : { text: '' };
}

/** A label in a span that says its language when it is not the page's. */
export function L(props: { label: Label }) {
  if (!props.label.lang) return props.label.text;
  return <span lang={props.label.lang}>{props.label.text}</span>;
}

/** The first sentences of a text, cut at a word under `max` characters. */
export function excerpt(text: string, max = 240): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.—-]+$/, '')}…`;
}
