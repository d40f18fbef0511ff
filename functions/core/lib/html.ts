/**
 * HTML built safely: the `html` template tag escapes every interpolated value unless it is
 * already SafeHtml, so customer text can never become markup (emails and pages alike).
 */
import escapeHtml from 'escape-html';

/** HTML that is already safe to embed (built by `html`). */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString() {
    return this.value;
  }
}

/** Template tag: escapes every value unless it is SafeHtml (or an array of them). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  const render = (value: unknown): string => {
    if (value instanceof SafeHtml) return value.value;
    if (Array.isArray(value)) return value.map(render).join('');
    if (value === undefined || value === null || value === false) return '';
    // Any other value is shown as its text, escaped: that is the tag's contract.
    // eslint-disable-next-line @typescript-eslint/no-base-to-string
    return escapeHtml(String(value));
  };
  return new SafeHtml(strings.reduce((out, s, i) => out + s + (i < values.length ? render(values[i]) : ''), ''));
}

export { escapeHtml };
