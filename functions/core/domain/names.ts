/**
 * How names and countries are compared: case, accents and spacing do not count, so "Iquira",
 * "ÍQUIRA " and "Íquira" are one origin, and "peru" is Peru. Its own module, with no schema in
 * it, so the table's key builders (in every function that touches the table) load only this.
 */
export function normalizeName(value: string): string {
  return value.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}
