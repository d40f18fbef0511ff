/**
 * Finding a commission when a customer calls (GET /commissions?q=): by the reference they quote
 * (the first eight characters of the id, any case; the whole id works too) or by the email address
 * they gave (exact, any case). The store searches an address by its hash only
 * (core/adapters/table-keys.ts), so the search index holds no address in plain text. No node
 * built-ins here: the console's bundle reads these rules through the schemas.
 */

/** How many leading characters of the id make the reference a customer quotes (labels.ts shows them upper-cased). */
const REFERENCE_LENGTH = 8;
/** Longer than any email address (254) or id: anything longer is not a search term. */
export const MAX_SEARCH_LENGTH = 254;

/** The reference as the search index stores it: lower-case, as ids are. */
export const searchReferenceOf = (commissionId: string) => commissionId.slice(0, REFERENCE_LENGTH).toLowerCase();

/** An address as it is searched: trimmed and lower-cased (addresses are compared in any case). */
export const searchEmailOf = (email: string) => email.trim().toLowerCase();

export type SearchTerm =
  /** A reference; `id` when the whole id was given (then only that commission matches). */
  | { kind: 'reference'; reference: string; id?: string }
  | { kind: 'email'; email: string };

const REFERENCE = /^#?([0-9a-f]{8})$/i;
const COMMISSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// An address as the enquiry form takes it: one @, something either side, no spaces.
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** What a search box's text asks for, or undefined when it is neither a reference, an id nor an address. */
export function searchTermOf(q: string): SearchTerm | undefined {
  const text = q.trim();
  if (text.length === 0 || text.length > MAX_SEARCH_LENGTH) return undefined;
  const reference = REFERENCE.exec(text)?.[1];
  if (reference) return { kind: 'reference', reference: reference.toLowerCase() };
  if (COMMISSION_ID.test(text)) return { kind: 'reference', reference: searchReferenceOf(text), id: text.toLowerCase() };
  if (EMAIL.test(text)) return { kind: 'email', email: searchEmailOf(text) };
  return undefined;
}
