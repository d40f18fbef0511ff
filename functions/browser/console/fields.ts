/**
 * The console's form fields, shared by the decision forms, the registry's forms and the licences
 * form: one field per API path (its name, and `data-error-for` for showFieldErrors), fields that
 * apply only while others hold a value (hidden and disabled otherwise, so they are never sent),
 * and reading a form back into the nested body the API expects.
 */
import { h } from './dom.ts';

/** Reads the form's current value of a path: a checkbox gives 'true' or ''. */
export type Values = (path: string) => string;
type Condition = (value: Values) => boolean;

export interface Field {
  path: string;
  label: string;
  type?: 'text' | 'number' | 'date' | 'textarea' | 'select' | 'radio' | 'checkbox' | 'hidden';
  options?: [string, string][];
  value?: string;
  hint?: string;
  /** Left blank, the field is not sent; a condition makes it optional only while it holds. */
  optional?: boolean | Condition;
  /** Shown and sent only while this holds. */
  when?: Condition;
}

const conditions = new WeakMap<Element, { when?: Condition; optional?: Condition }>();

/** A field's element ids: unique per form through `prefix` (the registry has one form per origin). */
const fieldId = (path: string, prefix = 'field') => `${prefix}-${path.replaceAll('.', '-')}`;

export function control(field: Field, prefix = 'field'): HTMLElement {
  const id = fieldId(field.path, prefix);
  const optional = field.optional === true;
  const common = { id, name: field.path, 'aria-describedby': `${id}-error`, ...(optional ? { 'data-optional': true } : {}) };
  if (field.type === 'hidden') {
    const input = h('input', { type: 'hidden', name: field.path, value: field.value ?? '' });
    if (field.when) conditions.set(input, { when: field.when });
    return input;
  }
  const error = h('p', { class: 'field-error', id: `${id}-error`, 'data-error-for': field.path, hidden: true });
  const hint = field.hint ? h('p', { class: 'hint' }, field.hint) : undefined;
  // Only where a field may be optional: a label's text is its name, hidden words included.
  const optionalMark = field.optional ? h('span', { class: 'optional' }, ' (optional)') : undefined;
  let wrapper: HTMLElement;
  if (field.type === 'radio') {
    wrapper = h('fieldset', { class: 'field choice', 'data-field': field.path },
      h('legend', {}, field.label, optionalMark), hint,
      ...(field.options ?? []).map(([value, label], index) =>
        h('label', { class: 'option' },
          h('input', { type: 'radio', name: field.path, value, id: index === 0 ? id : `${id}-${value}`, 'aria-describedby': `${id}-error`, ...(value === field.value ? { checked: true } : {}) }),
          h('span', {}, label))),
      error);
  } else if (field.type === 'checkbox') {
    wrapper = h('div', { class: 'field', 'data-field': field.path },
      h('label', { class: 'option', for: id }, h('input', { ...common, type: 'checkbox', ...(field.value === 'true' ? { checked: true } : {}) }), h('span', {}, field.label, hint)),
      error);
  } else {
    const element =
      field.type === 'textarea'
        ? h('textarea', { ...common, rows: '3' }, field.value ?? '')
        : field.type === 'select'
          ? h('select', common, ...(field.options ?? []).map(([value, label]) => h('option', { value, ...(value === field.value ? { selected: true } : {}) }, label)))
          : h('input', {
              ...common,
              type: field.type ?? 'text',
              ...(field.type === 'number' ? { step: 'any', min: '0', inputmode: 'decimal' } : {}),
              value: field.value ?? '',
            });
    wrapper = h('div', { class: 'field', 'data-field': field.path }, h('label', { for: id }, field.label, optionalMark), hint, element, error);
  }
  if (field.when || typeof field.optional === 'function') {
    conditions.set(wrapper, { ...(field.when && { when: field.when }), ...(typeof field.optional === 'function' && { optional: field.optional }) });
  }
  return wrapper;
}

function valuesOf(form: HTMLFormElement): Values {
  return (path) => {
    const item = form.elements.namedItem(path);
    if (item instanceof HTMLInputElement && item.type === 'checkbox') return item.checked ? 'true' : '';
    return (item as HTMLInputElement | RadioNodeList | null)?.value ?? '';
  };
}

/** Shows the fields whose condition holds and hides (and disables) the others; run on every change. */
export function applyConditions(form: HTMLFormElement) {
  const value = valuesOf(form);
  for (const element of form.querySelectorAll('[data-field], input[type=hidden]')) {
    const condition = conditions.get(element);
    if (!condition) continue;
    if (condition.when) {
      const shown = condition.when(value);
      (element as HTMLElement).hidden = !shown;
      const controls = element instanceof HTMLInputElement ? [element] : element.querySelectorAll('input, select, textarea');
      for (const control of controls) (control as HTMLInputElement).disabled = !shown;
    }
    if (condition.optional) {
      const optional = condition.optional(value);
      element.querySelector<HTMLElement>('.optional')!.textContent = optional ? ' (optional)' : '';
      for (const control of element.querySelectorAll('input, select, textarea')) control.toggleAttribute('data-optional', optional);
    }
  }
}

/**
 * The body the form says, for the controls whose name starts with `prefix` (stripped): nested by
 * the dots in each name (a number makes an array), numbers as numbers, a ticked checkbox as true.
 * A blank optional control is left out; a blank required one is sent as '' so the schema answers
 * "Required" for it.
 */
export function readForm(form: HTMLFormElement, prefix = ''): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const element of form.elements) {
    if (!(element instanceof HTMLInputElement || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement)) continue;
    if (element.disabled || !element.name.startsWith(prefix)) continue;
    const path = element.name.slice(prefix.length);
    if (element instanceof HTMLInputElement && element.type === 'checkbox') {
      if (element.checked) setPath(body, path, true);
      continue;
    }
    if (element instanceof HTMLInputElement && element.type === 'radio' && !element.checked) continue;
    const raw = element.value.trim();
    if (raw === '' && element.hasAttribute('data-optional')) continue;
    setPath(body, path, element instanceof HTMLInputElement && element.type === 'number' && raw !== '' ? Number(raw) : raw);
  }
  return body;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown) {
  const parts = path.split('.');
  let node = target as Record<string, unknown> | unknown[];
  for (const [index, part] of parts.slice(0, -1).entries()) {
    const next = parts[index + 1]!;
    node = ((node as Record<string, unknown>)[part] ??= /^\d+$/.test(next) ? [] : {}) as Record<string, unknown>;
  }
  (node as Record<string, unknown>)[parts.at(-1)!] = value;
}

/** The form's error summary (showFieldErrors fills it). */
export const errorSummary = (title = 'Please check the form') =>
  h('div', { class: 'error-summary', role: 'alert', tabindex: '-1', hidden: true }, h('h3', {}, title), h('ul'));

/** Today in the browser, YYYY-MM-DD (a form's default; the API checks dates against its own day). */
export const todayIso = () => new Date().toISOString().slice(0, 10);

/** A stage's part of the decision form: its fields, anything after them, and what to wire once the form exists. */
export interface StageParts {
  fields: Field[];
  extra?: HTMLElement[];
  setup?: (form: HTMLFormElement) => void;
}
