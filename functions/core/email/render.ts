/**
 * How every email is put together: the MJML layout's compiled parts (layout.generated.ts) filled
 * with escaped content, and the plain-text alternative with the same words. Customer-supplied text
 * reaches HTML only through the `html` template tag, which escapes every interpolated value;
 * subjects are single lines so nothing can smuggle a header (reliability rule 6).
 */
import { escapeHtml, html, SafeHtml } from '#lib/html';
import { EMAIL_PARTS } from './layout.generated.ts';

export { html } from '#lib/html';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** A subject or other header value: one line, no control characters, bounded. */
export function headerSafe(value: string, max = 200): string {
  return value.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, max);
}

/** A block of its own below the facts (a heading, paragraphs, its own facts, notes), e.g. the metal's provenance. */
interface ExtraSection {
  heading: string;
  paragraphs: string[];
  facts?: [string, string][];
  /** Small print after the block's facts. */
  notes?: string[];
}

export interface Section {
  heading: string;
  paragraphs: string[];
  facts?: [string, string][];
  /** Extra blocks, in order, after the facts. */
  sections?: ExtraSection[];
  next?: string;
  /** Buttons, e.g. to the status page. Only links that are safe to follow by anyone (GET, no side effects). */
  actions?: { url: string; label: string; note?: string }[];
}

/**
 * The email's footer line (every email, the studio's too): it names no scheme and no metal, as
 * it is said of every piece whatever the offer and the piece's own sourcing.
 */
export const FOOTER = 'Bespoke commissions · Jewellery made to order, by hand · Reply to this email to reach the studio.';

/** Fills `%%SLOT%%`s in one pass, so a value can never be read as another slot. */
function fill(part: string, values: Record<string, SafeHtml | string>): string {
  return part.replace(/%%([A-Z_]+)%%/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`email layout slot ${whole} has no value`);
    return value instanceof SafeHtml ? value.value : escapeHtml(value);
  });
}

/**
 * The HTML from the MJML layout's compiled parts: only the parts this email uses, every slot
 * escaped; and the plain-text alternative with the same content.
 */
export function layout(section: Section, greeting: string, signOff = 'With warm regards,\nThe studio'): { html: string; text: string } {
  const facts = section.facts ?? [];
  const paragraphs = (items: string[]) => html`${items.map((p) => html`<p>${p}</p>`)}`;
  const factTable = (rows: [string, string][]) =>
    fill(EMAIL_PARTS.facts, { FACT_ROWS: html`${rows.map(([k, v]) => html`<tr><td class="k">${k}</td><td>${v}</td></tr>`)}` });
  const parts = [
    fill(EMAIL_PARTS.head, { TITLE: section.heading, PREVIEW: section.paragraphs[0] ?? section.heading }),
    fill(EMAIL_PARTS.intro, { HEADING: section.heading, GREETING: greeting, PARAGRAPHS: paragraphs(section.paragraphs) }),
    facts.length > 0 && factTable(facts),
    ...(section.sections ?? []).flatMap((extra) => [
      fill(EMAIL_PARTS.section, { SECTION_HEADING: extra.heading, SECTION_BODY: paragraphs(extra.paragraphs) }),
      ...(extra.facts?.length ? [factTable(extra.facts)] : []),
      ...(extra.notes?.length ? [fill(EMAIL_PARTS.note, { NOTE_BODY: paragraphs(extra.notes) })] : []),
    ]),
    section.next && fill(EMAIL_PARTS.next, { NEXT: section.next }),
    ...(section.actions ?? []).map((action) =>
      fill(EMAIL_PARTS.action, { ACTION_URL: action.url, ACTION_LABEL: action.label, ACTION_NOTE: action.note ?? '' }),
    ),
    fill(EMAIL_PARTS.footer, { SIGN_OFF: html`${signOff.split('\n').map((line, i) => html`${i > 0 && html`<br>`}${line}`)}`, FOOTER }),
  ];
  const text = [
    section.heading,
    '',
    greeting,
    '',
    ...section.paragraphs.flatMap((p) => [p, '']),
    ...facts.map(([k, v]) => `${k}: ${v}`),
    ...(facts.length > 0 ? [''] : []),
    ...(section.sections ?? []).flatMap((extra) => [
      extra.heading,
      ...extra.paragraphs,
      ...(extra.facts ?? []).map(([k, v]) => `${k}: ${v}`),
      ...(extra.notes ?? []),
      '',
    ]),
    ...(section.next ? [`What happens next: ${section.next}`, ''] : []),
    ...(section.actions ?? []).flatMap((action) => [`${action.label}: ${action.url}`, ...(action.note ? [action.note] : []), '']),
    signOff,
    '',
    '--',
    FOOTER,
  ].join('\n');
  return { html: parts.filter((p): p is string => typeof p === 'string').join('\n'), text };
}
