// Form parts that show the API's RFC 9457 violations where their JSON pointers point: an error summary at
// the top linking to each field (GOV.UK's error-summary pattern), the message beside the field, and the
// values the person typed kept.
import type { Child } from 'hono/jsx';
import type { Violation } from '../validation/violation';
import type { PageContext } from './context';

/** The id of the input a JSON pointer names: `/title/fr` → `field-title-fr`. */
export const fieldId = (pointer: string): string =>
  `field${pointer.replace(/[^A-Za-z0-9_-]+/g, '-')}`.replace(/-+$/, '') || 'field';

/** Messages aimed at this pointer, or under it when the field stands for a group (a list, an object). */
export function messagesAt(violations: readonly Violation[], pointer: string, group = false): string[] {
  return violations
    .filter((v) => v.pointer === pointer || (group && v.pointer.startsWith(`${pointer}/`)))
    .map((v) => v.message);
}

/** The hidden field every post carries; the console refuses a post without it (see csrf in console.tsx). */
export function CsrfField(props: { p: PageContext }) {
  return <input type="hidden" name="_csrf" value={props.p.csrf ?? ''} />;
}

/**
 * The summary a failed post comes back with: focusable, announced, each entry a link to its field. `fields`
 * lists the pointers the form has inputs for; a violation elsewhere links to the closest one above it.
 */
export function ErrorSummary(props: { p: PageContext; violations: readonly Violation[]; fields: string[] }) {
  if (props.violations.length === 0) return null;
  const target = (pointer: string) => {
    let at = pointer;
    while (at !== '' && !props.fields.includes(at)) at = at.slice(0, at.lastIndexOf('/'));
    return at === '' && !props.fields.includes('') ? 'main' : fieldId(at);
  };
  return (
    <div
      class="error-summary"
      role="alert"
      tabindex={-1}
      id="error-summary"
      aria-labelledby="error-summary-title"
    >
      <h2 id="error-summary-title">{props.p.t.errorSummaryTitle}</h2>
      <ul>
        {props.violations.map((v) => (
          <li>
            <a href={`#${target(v.pointer)}`}>{v.pointer ? `${v.message} (${v.pointer})` : v.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  /** The JSON pointer the field edits; also its form name, so a post maps back to the document. */
  pointer: string;
  label: Child;
  hint?: Child | undefined;
  errors?: string[] | undefined;
  lang?: string | undefined;
  required?: boolean | undefined;
}

function describedBy(id: string, props: FieldProps): string | undefined {
  const ids = [props.hint ? `${id}-hint` : '', props.errors?.length ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function FieldFrame(props: FieldProps & { id: string; children: Child }) {
  const errors = props.errors ?? [];
  return (
    <div class={errors.length ? 'field field-error' : 'field'}>
      <label for={props.id}>{props.label}</label>
      {props.hint ? (
        <span class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </span>
      ) : null}
      {errors.length ? (
        <span class="error-message" id={`${props.id}-error`}>
          {errors.join(' ; ')}
        </span>
      ) : null}
      {props.children}
    </div>
  );
}

export function TextField(
  props: FieldProps & {
    value?: string | undefined;
    type?: string;
    autocomplete?: string;
    inputmode?: 'numeric' | 'decimal' | 'email' | 'url' | 'text';
  },
) {
  const id = fieldId(props.pointer);
  return (
    <FieldFrame {...props} id={id}>
      <input
        type={props.type ?? 'text'}
        id={id}
        name={props.pointer}
        value={props.value ?? ''}
        lang={props.lang}
        required={props.required}
        autocomplete={props.autocomplete ?? 'off'}
        inputmode={props.inputmode}
        aria-invalid={props.errors?.length ? 'true' : undefined}
        aria-describedby={describedBy(id, props)}
      />
    </FieldFrame>
  );
}

export function TextArea(props: FieldProps & { value?: string | undefined; rows?: number }) {
  const id = fieldId(props.pointer);
  return (
    <FieldFrame {...props} id={id}>
      <textarea
        id={id}
        name={props.pointer}
        lang={props.lang}
        rows={props.rows ?? 5}
        required={props.required}
        aria-invalid={props.errors?.length ? 'true' : undefined}
        aria-describedby={describedBy(id, props)}
      >
        {props.value ?? ''}
      </textarea>
    </FieldFrame>
  );
}

export interface Choice {
  value: string;
  label: string;
}

export function SelectField(
  props: FieldProps & { value?: string | undefined; choices: Choice[]; empty?: string },
) {
  const id = fieldId(props.pointer);
  return (
    <FieldFrame {...props} id={id}>
      <select
        id={id}
        name={props.pointer}
        required={props.required}
        aria-invalid={props.errors?.length ? 'true' : undefined}
        aria-describedby={describedBy(id, props)}
      >
        {props.empty !== undefined ? <option value="">{props.empty}</option> : null}
        {props.choices.map((c) => (
          <option value={c.value} selected={c.value === props.value}>
            {c.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/**
 * A fieldset for a group of inputs (choices, a fr/en pair, a list): its legend is the label, its hint and
 * messages come before the inputs, and it takes the focus when the error summary links to it.
 */
export function FieldGroup(props: {
  id: string;
  legend: Child;
  hint?: Child | undefined;
  errors?: string[] | undefined;
  children?: Child;
}) {
  const { id } = props;
  const errors = props.errors ?? [];
  const described = [props.hint ? `${id}-hint` : '', errors.length ? `${id}-error` : ''].filter(Boolean);
  return (
    <fieldset
      id={id}
      class={errors.length ? 'field field-error' : 'field'}
      aria-describedby={described.length ? described.join(' ') : undefined}
      tabindex={-1}
    >
      <legend>{props.legend}</legend>
      {props.hint ? (
        <span class="hint" id={`${id}-hint`}>
          {props.hint}
        </span>
      ) : null}
      {errors.length ? (
        <span class="error-message" id={`${id}-error`}>
          {errors.join(' ; ')}
        </span>
      ) : null}
      {props.children}
    </fieldset>
  );
}

function Choices(props: {
  id: string;
  pointer: string;
  type: 'checkbox' | 'radio';
  checked: (value: string) => boolean;
  choices: Choice[];
}) {
  return (
    <ul class="choices">
      {props.choices.map((c, i) => (
        <li>
          <input
            type={props.type}
            id={`${props.id}-${i}`}
            name={props.pointer}
            value={c.value}
            checked={props.checked(c.value)}
          />
          <label for={`${props.id}-${i}`}>{c.label}</label>
        </li>
      ))}
    </ul>
  );
}

/** A group of checkboxes (several values) in a fieldset whose legend is the label. */
export function CheckboxGroup(props: FieldProps & { values: string[]; choices: Choice[] }) {
  const id = fieldId(props.pointer);
  return (
    <FieldGroup id={id} legend={props.label} hint={props.hint} errors={props.errors}>
      <Choices
        id={id}
        pointer={props.pointer}
        type="checkbox"
        checked={(v) => props.values.includes(v)}
        choices={props.choices}
      />
    </FieldGroup>
  );
}

/** One value among a few, as radio buttons in a fieldset whose legend is the label. */
export function RadioGroup(props: FieldProps & { value: string | undefined; choices: Choice[] }) {
  const id = fieldId(props.pointer);
  return (
    <FieldGroup id={id} legend={props.label} hint={props.hint} errors={props.errors}>
      <Choices
        id={id}
        pointer={props.pointer}
        type="radio"
        checked={(v) => v === props.value}
        choices={props.choices}
      />
    </FieldGroup>
  );
}
