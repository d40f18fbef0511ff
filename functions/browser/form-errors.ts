/** Per-field error messages, shared by the enquiry form and the console's decision forms. */

export interface FieldError {
  path: string;
  message: string;
}

/**
 * Shows each error beside the field its path names (`data-error-for`), marks the control
 * `aria-invalid`, lists them all in the form's error summary and moves focus there. Errors
 * whose field is not on the page (a nested budget's currency, `(root)`) appear in the summary.
 */
export function showFieldErrors(form: HTMLElement, errors: FieldError[]) {
  for (const element of form.querySelectorAll<HTMLElement>('[data-error-for]')) {
    element.hidden = true;
    element.textContent = '';
  }
  for (const control of form.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
  const summary = form.querySelector<HTMLElement>('.error-summary');
  const list = summary?.querySelector('ul');
  if (list) list.replaceChildren();
  if (errors.length === 0) {
    if (summary) summary.hidden = true;
    return;
  }
  for (const error of errors) {
    const slot = findSlot(form, error.path);
    const label = slot ? labelOf(form, slot.path) : error.path;
    if (slot) {
      slot.element.textContent = slot.element.textContent ? `${slot.element.textContent} ${error.message}` : error.message;
      slot.element.hidden = false;
      for (const control of form.querySelectorAll(`[name="${CSS.escape(slot.path)}"]`)) control.setAttribute('aria-invalid', 'true');
    }
    if (list) {
      const item = document.createElement('li');
      const link = document.createElement('a');
      link.href = `#field-${(slot?.path ?? error.path).replaceAll('.', '-')}`;
      link.textContent = `${label}: ${error.message}`;
      item.append(link);
      list.append(item);
    }
  }
  if (summary) {
    summary.hidden = false;
    summary.focus();
  } else {
    form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }
}

/** The error slot for a path, or for its nearest ancestor on the page (`piece.budget` → the amount). */
function findSlot(form: HTMLElement, path: string) {
  const candidates = [path];
  for (let parts = path.split('.'); parts.length > 1; ) {
    parts = parts.slice(0, -1);
    candidates.push(parts.join('.'));
  }
  for (const candidate of candidates) {
    const element = form.querySelector<HTMLElement>(`[data-error-for="${CSS.escape(candidate)}"]`);
    if (element) return { element, path: candidate };
  }
  const child = form.querySelector<HTMLElement>(`[data-error-for^="${CSS.escape(path)}."]`);
  return child ? { element: child, path: child.dataset.errorFor! } : undefined;
}

function labelOf(form: HTMLElement, path: string): string {
  const container = form.querySelector(`[data-field="${CSS.escape(path)}"]`);
  const text = container?.querySelector('legend, label')?.textContent ?? path;
  return text.replace(/\(optional\)/, '').trim().replace(/[.?]$/, '');
}
