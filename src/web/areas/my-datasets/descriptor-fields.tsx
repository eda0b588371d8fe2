// The dataset form's fields, drawn from the descriptor schema (descriptor-form.ts): each input is named by
// the JSON pointer it edits, shows the values as typed and the messages the services left at its pointer.
import type { Child } from 'hono/jsx';
import type { Violation } from '../../../validation/violation';
import { common as commonMessages } from '../../common-messages';
import type { PageContext } from '../../context';
import {
  CheckboxGroup,
  type Choice,
  FieldGroup,
  fieldId,
  messagesAt,
  SelectField,
  TextArea,
  TextField,
} from '../../forms';
import { fill, type Lang, plural } from '../../i18n';
import {
  DESCRIPTOR_FORM,
  DESCRIPTOR_POINTER,
  type FormNode,
  type FormValues,
  first,
  slotCount,
} from './descriptor-form';
import { choiceLabel, fieldHint, fieldLabel } from './descriptor-texts';
import { type MyDatasetsMessages, messages } from './messages';

/**
 * How the form is cut into sections, by top-level property. A property listed nowhere goes to a last section
 * folded by default: the HealthDCAT-AP properties few providers fill, so that the common form stays short.
 */
const SECTIONS: [keyof MyDatasetsMessages, string[]][] = [
  ['sectionIdentity', ['/title', '/description', '/keywords', '/themes', '/landingPage', '/languages']],
  ['sectionPublisher', ['/publisher', '/contactPoint']],
  [
    'sectionCoverage',
    [
      '/spatial',
      '/temporal',
      '/populationCoverage',
      '/minTypicalAge',
      '/maxTypicalAge',
      '/numberOfRecords',
      '/numberOfUniqueIndividuals',
    ],
  ],
  ['sectionHealth', ['/healthCategories', '/healthThemes', '/codeValues', '/codingSystems']],
  ['sectionPrivacy', ['/personalData', '/legalBasis', '/purpose', '/hdsHosting', '/retentionPeriod']],
  ['sectionAccess', ['/accessRights', '/dataUseConditions']],
  ['sectionDistributions', ['/distributions']],
  ['sectionDates', ['/issued', '/modified']],
];

interface Ctx {
  lang: Lang;
  m: MyDatasetsMessages;
  values: FormValues;
  violations: readonly Violation[];
  /** Every pointer that has an element with its id, for the error summary's links. */
  fields: string[];
}

const leafName = (key: string) => key.slice(key.lastIndexOf('/') + 1);

function Label(props: { ctx: Ctx; node: FormNode; required: boolean }) {
  const text = fieldLabel(props.ctx.lang, props.node);
  return props.required ? (
    <>
      {text} <span class="required">{props.ctx.m.required}</span>
    </>
  ) : (
    text
  );
}

/** A fieldset for a group of inputs (the forms' own). */
const Group = FieldGroup;

const INPUT_TYPES: Record<string, string> = { uri: 'url', email: 'email', date: 'date' };

/** A field's help, with the schema's examples when the help gives none (partial dates: 2012, 2012-05…). */
function hintWithExamples(ctx: Ctx, n: FormNode): string {
  const hint = fieldHint(ctx.lang, n);
  if (n.kind !== 'text' || n.examples.length === 0 || n.examples.some((e) => hint.includes(e))) return hint;
  return `${hint} ${fill(ctx.m.examplesHint, { examples: n.examples.join(', ') })}`;
}

/** A single value: text, number, date, a choice or yes/no. */
function leaf(ctx: Ctx, n: FormNode, pointer: string, required: boolean, lang?: Lang) {
  ctx.fields.push(pointer);
  const common = {
    pointer,
    label: <Label ctx={ctx} node={n} required={required} />,
    hint: hintWithExamples(ctx, n),
    errors: messagesAt(ctx.violations, pointer),
    value: first(ctx.values, pointer),
    lang,
  };
  switch (n.kind) {
    case 'choice':
      return (
        <SelectField
          {...common}
          empty={ctx.m.choose}
          choices={n.options.map((o) => ({ value: o, label: choiceLabel(ctx.lang, n.key, o) }))}
        />
      );
    case 'boolean':
      return (
        <SelectField
          {...common}
          empty={ctx.m.unspecified}
          choices={[
            { value: 'true', label: commonMessages[ctx.lang].yes },
            { value: 'false', label: commonMessages[ctx.lang].no },
          ]}
        />
      );
    case 'integer':
      return <TextField {...common} inputmode="numeric" />;
    case 'number':
      return <TextField {...common} inputmode="decimal" />;
    case 'text':
      if (n.long) return <TextArea {...common} rows={n.key === '/description' ? 8 : 4} />;
      return (
        <TextField
          {...common}
          type={(n.format && INPUT_TYPES[n.format]) ?? 'text'}
          inputmode={n.format === 'uri' ? 'url' : undefined}
        />
      );
    default:
      return null;
  }
}

function pair(ctx: Ctx, n: FormNode & { kind: 'pair' }, pointer: string, required: boolean) {
  ctx.fields.push(pointer);
  const id = fieldId(pointer);
  return (
    <Group
      id={id}
      legend={<Label ctx={ctx} node={n} required={required} />}
      hint={fieldHint(ctx.lang, n)}
      errors={messagesAt(ctx.violations, pointer)}
    >
      <div class="pair">
        {(['fr', 'en'] as const).map((lang) => {
          const at = `${pointer}/${lang}`;
          ctx.fields.push(at);
          const field = {
            pointer: at,
            label: lang === 'fr' ? ctx.m.langFr : ctx.m.langEn,
            errors: messagesAt(ctx.violations, at, n.list),
            value: first(ctx.values, at),
            lang,
          };
          if (n.list) return <TextArea {...field} hint={ctx.m.listHint} rows={3} />;
          return n.long ? (
            <TextArea {...field} rows={n.key === '/description' ? 8 : 4} />
          ) : (
            <TextField {...field} />
          );
        })}
      </div>
    </Group>
  );
}

function list(ctx: Ctx, n: FormNode & { kind: 'list' }, pointer: string, required: boolean) {
  ctx.fields.push(pointer);
  const values = ctx.values[pointer] ?? [];
  const errors = messagesAt(ctx.violations, pointer, true);
  const label = <Label ctx={ctx} node={n} required={required} />;
  const choices = (codes: string[]): Choice[] =>
    codes.map((c) => ({ value: c, label: choiceLabel(ctx.lang, n.key, c) }));
  if (n.options) {
    return (
      <CheckboxGroup
        pointer={pointer}
        label={label}
        hint={fieldHint(ctx.lang, n)}
        errors={errors}
        values={values}
        choices={choices(n.options)}
      />
    );
  }
  if (!n.suggestions) {
    return (
      <TextArea
        pointer={pointer}
        label={label}
        hint={`${fieldHint(ctx.lang, n)} ${ctx.m.listHint}`}
        errors={errors}
        value={values.join('\n')}
        rows={3}
      />
    );
  }
  // The vocabulary's recommended terms as checkboxes, any other term typed; both post under one name.
  const id = fieldId(pointer);
  const suggested = n.suggestions;
  const typed = values.filter((v) => !suggested.includes(v)).join('\n');
  return (
    <Group id={id} legend={label} hint={fieldHint(ctx.lang, n)} errors={errors}>
      <ul class="choices choices-columns">
        {choices(suggested).map((c, i) => (
          <li>
            <input
              type="checkbox"
              id={`${id}-${i}`}
              name={pointer}
              value={c.value}
              checked={values.includes(c.value)}
            />
            <label for={`${id}-${i}`}>{c.label}</label>
          </li>
        ))}
      </ul>
      <div class="field">
        <label for={`${id}-other`}>{ctx.m.otherTerms}</label>
        <textarea id={`${id}-other`} name={pointer} rows={2}>
          {typed}
        </textarea>
      </div>
    </Group>
  );
}

function hasValueUnder(values: FormValues, prefix: string): boolean {
  return Object.entries(values).some(
    ([name, vs]) => name.startsWith(prefix) && vs.some((v) => v.trim() !== ''),
  );
}

function repeat(ctx: Ctx, n: FormNode & { kind: 'repeat' }, pointer: string, required: boolean) {
  ctx.fields.push(pointer);
  let slots = slotCount(ctx.values, pointer);
  // Without script, one empty slot at the end is how another item is added.
  if (slots === 0 || hasValueUnder(ctx.values, `${pointer}/${slots - 1}/`)) slots++;
  return (
    <Group
      id={fieldId(pointer)}
      legend={<Label ctx={ctx} node={n} required={required} />}
      hint={fieldHint(ctx.lang, n)}
      errors={messagesAt(ctx.violations, pointer)}
    >
      {Array.from({ length: slots }, (_, i) => {
        const at = `${pointer}/${i}`;
        ctx.fields.push(at);
        const fresh = !hasValueUnder(ctx.values, `${at}/`);
        const field = fieldLabel(ctx.lang, n);
        return (
          <Group
            id={fieldId(at)}
            legend={fresh ? fill(ctx.m.itemNew, { field }) : fill(ctx.m.itemN, { field, n: i + 1 })}
            errors={messagesAt(ctx.violations, at)}
          >
            {n.item.children.map((child) => render(ctx, child, `${at}/${leafName(child.key)}`, false))}
          </Group>
        );
      })}
    </Group>
  );
}

function keyed(ctx: Ctx, n: FormNode & { kind: 'keyed' }, pointer: string, required: boolean) {
  ctx.fields.push(pointer);
  const id = fieldId(pointer);
  const checked = ctx.values[pointer] ?? [];
  return (
    <Group
      id={id}
      legend={<Label ctx={ctx} node={n} required={required} />}
      hint={fieldHint(ctx.lang, n)}
      errors={messagesAt(ctx.violations, pointer)}
    >
      <ul class="choices">
        {n.codes.map((code) => {
          const at = `${pointer}/${code}`;
          ctx.fields.push(at);
          const errors = messagesAt(ctx.violations, at);
          const params = n.params[code] ?? [];
          return (
            <li>
              <input
                type="checkbox"
                id={fieldId(at)}
                name={pointer}
                value={code}
                checked={checked.includes(code)}
                aria-describedby={errors.length ? `${fieldId(at)}-error` : undefined}
              />
              <label for={fieldId(at)}>{choiceLabel(ctx.lang, n.key, code)}</label>
              {errors.length ? (
                <span class="error-message" id={`${fieldId(at)}-error`}>
                  {errors.join(' ; ')}
                </span>
              ) : null}
              {params.length ? (
                <div class="parameters">
                  {params.map((param) => leaf(ctx, param, `${at}/${leafName(param.key)}`, false))}
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
    </Group>
  );
}

function render(ctx: Ctx, n: FormNode, pointer: string, required: boolean): Child {
  switch (n.kind) {
    case 'pair':
      return pair(ctx, n, pointer, required);
    case 'list':
      return list(ctx, n, pointer, required);
    case 'repeat':
      return repeat(ctx, n, pointer, required);
    case 'keyed':
      return keyed(ctx, n, pointer, required);
    case 'group': {
      ctx.fields.push(pointer);
      return (
        <Group
          id={fieldId(pointer)}
          legend={<Label ctx={ctx} node={n} required={required} />}
          hint={fieldHint(ctx.lang, n)}
          errors={messagesAt(ctx.violations, pointer)}
        >
          {n.children.map((child) =>
            render(ctx, child, `${pointer}/${leafName(child.key)}`, required && child.required),
          )}
        </Group>
      );
    }
    default:
      return leaf(ctx, n, pointer, required);
  }
}

/**
 * The descriptor's fields in sections (each with an h2), and the pointers they answer for. Built eagerly,
 * so the error summary, rendered above them, knows which pointers have a field.
 */
export function descriptorFields(
  p: PageContext,
  values: FormValues,
  violations: readonly Violation[],
): { fields: string[]; body: Child } {
  const ctx: Ctx = { lang: p.lang, m: messages[p.lang], values, violations, fields: [] };
  const placed = new Set(SECTIONS.flatMap(([, keys]) => keys));
  const fieldsOf = (nodes: FormNode[]) =>
    nodes.map((n) => render(ctx, n, `${DESCRIPTOR_POINTER}${n.key}`, n.required));
  const sections = SECTIONS.map(([title, keys], i) => (
    <section class="form-section" aria-labelledby={`form-section-${i}`}>
      <h2 id={`form-section-${i}`}>{ctx.m[title]}</h2>
      {fieldsOf(keys.flatMap((k) => DESCRIPTOR_FORM.filter((n) => n.key === k)))}
    </section>
  ));
  const more = DESCRIPTOR_FORM.filter((n) => !placed.has(n.key));
  const under = (n: FormNode) => (name: string) =>
    name === `${DESCRIPTOR_POINTER}${n.key}` || name.startsWith(`${DESCRIPTOR_POINTER}${n.key}/`);
  const filled = more.filter((n) =>
    Object.entries(values).some(([name, vs]) => under(n)(name) && vs.some((v) => v.trim() !== '')),
  ).length;
  // Folded unless a message is there to be read: the error summary links to the fields it names.
  const open = violations.some((v) => more.some((n) => under(n)(v.pointer)));
  const body = (
    <>
      {sections}
      {more.length > 0 ? (
        <section class="form-section" aria-labelledby="form-section-more">
          <h2 id="form-section-more">{ctx.m.sectionMore}</h2>
          <details class="more-fields" open={open}>
            <summary>
              {fill(ctx.m.sectionMoreSummary, { count: more.length })}
              {filled > 0
                ? ` (${plural(ctx.lang, filled, { one: ctx.m.filledOne, other: ctx.m.filledOther })})`
                : null}
            </summary>
            <p class="hint">{ctx.m.sectionMoreHint}</p>
            {fieldsOf(more)}
          </details>
        </section>
      ) : null}
    </>
  );
  return { fields: ctx.fields, body };
}
