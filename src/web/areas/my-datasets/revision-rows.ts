// A descriptor as rows of (field, readable value), for comparing two revisions side by side.
import type { DuoModifier } from '../../../domain/descriptor';
import type { PatchOperation } from '../../../domain/json-patch';
import { common } from '../../common-messages';
import { modifierText } from '../../duo-labels';
import { fill, type Lang } from '../../i18n';
import { DESCRIPTOR_FORM, type FormNode } from './descriptor-form';
import { choiceLabel, fieldLabel } from './descriptor-texts';
import { messages } from './messages';

export interface Row {
  /** Pointer into the descriptor. */
  pointer: string;
  label: string;
}

const leafName = (key: string) => key.slice(key.lastIndexOf('/') + 1);

function show(lang: Lang, n: FormNode, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (n.kind === 'choice') return choiceLabel(lang, n.key, String(value));
  if (n.kind === 'boolean') return value === true ? common[lang].yes : common[lang].no;
  if (n.kind === 'list' && Array.isArray(value))
    return value
      .map((v) => (n.options || n.suggestions ? choiceLabel(lang, n.key, String(v)) : String(v)))
      .join(' ; ');
  if (n.kind === 'keyed' && Array.isArray(value))
    return (value as DuoModifier[]).map((m) => `${modifierText(lang, m)} (${m.code})`).join(' ');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function walk(
  lang: Lang,
  n: FormNode,
  values: unknown[],
  pointer: string,
  label: string,
  out: Map<string, { label: string; values: string[] }>,
): void {
  const at = (v: unknown, k: string | number) =>
    v && typeof v === 'object' ? (v as Record<string, unknown>)[String(k)] : undefined;
  switch (n.kind) {
    case 'pair':
      for (const l of ['fr', 'en'] as const) {
        out.set(`${pointer}/${l}`, {
          label: fill(l === 'fr' ? messages[lang].inFrench : messages[lang].inEnglish, { field: label }),
          values: values.map((v) => {
            const text = at(v, l);
            return Array.isArray(text) ? text.join(' ; ') : text === undefined ? '' : String(text);
          }),
        });
      }
      return;
    case 'group':
      for (const child of n.children) {
        const name = leafName(child.key);
        walk(
          lang,
          child,
          values.map((v) => at(v, name)),
          `${pointer}/${name}`,
          `${label} › ${fieldLabel(lang, child)}`,
          out,
        );
      }
      return;
    case 'repeat': {
      const count = Math.max(0, ...values.map((v) => (Array.isArray(v) ? v.length : 0)));
      for (let i = 0; i < count; i++) {
        for (const child of n.item.children) {
          const name = leafName(child.key);
          walk(
            lang,
            child,
            values.map((v) => at(at(v, i), name)),
            `${pointer}/${i}/${name}`,
            `${label} › ${i + 1} › ${fieldLabel(lang, child)}`,
            out,
          );
        }
      }
      return;
    }
    default:
      out.set(pointer, { label, values: values.map((v) => show(lang, n, v)) });
  }
}

/** The rows of several descriptors, in the schema's order, leaving out fields none of them fills. */
export function compareRows(
  lang: Lang,
  descriptors: unknown[],
): { pointer: string; label: string; values: string[] }[] {
  const out = new Map<string, { label: string; values: string[] }>();
  for (const n of DESCRIPTOR_FORM) {
    const name = leafName(n.key);
    walk(
      lang,
      n,
      descriptors.map((d) => (d as Record<string, unknown>)[name]),
      n.key,
      fieldLabel(lang, n),
      out,
    );
  }
  return [...out]
    .filter(([, row]) => row.values.some((v) => v !== ''))
    .map(([pointer, row]) => ({ pointer, ...row }));
}

/** Whether a patch touches a row: an operation at, above or below its pointer. */
export function touched(patch: readonly PatchOperation[], pointer: string): boolean {
  return patch.some(
    (op) => op.path === pointer || op.path.startsWith(`${pointer}/`) || pointer.startsWith(`${op.path}/`),
  );
}
