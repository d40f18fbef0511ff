/**
 * The studio's licences, which decide what it may claim about a piece (docs/provenance.md):
 * - Fairtrade: a *licensee* may strike the FAIRTRADE Mark on physically traceable metal; a
 *   *registered goldsmith* (Goldsmiths Registration Scheme) buys from a licensee, may not stamp,
 *   and may buy at most 500 g of gold, 500 g of platinum and 2,000 g of silver a year.
 * - Fairmined: a licensee may use the Fairmined mark; Fairmined Ecological uses the same licence.
 * - No licence for the scheme: general statements only.
 * Pure: the licences are stored by core/adapters/studio-licences.ts; "today" is a parameter.
 */
import * as z from 'zod/mini';
import { Day, Metal, singleLine, type Scheme, type Standing } from './schemas.ts';

const Licence = <K extends readonly [string, ...string[]]>(kinds: K) =>
  z.strictObject({ kind: z.enum(kinds), reference: singleLine(200), validUntil: Day });

/** PUT /studio/licences: the whole set (a scheme left out has no licence). */
export const StudioLicences = z.strictObject({
  fairtrade: z.optional(Licence(['licensee', 'registered-goldsmith'] as const)),
  fairmined: z.optional(Licence(['licensee'] as const)),
});
export type StudioLicences = z.infer<typeof StudioLicences>;

/** The studio's standing for `scheme` on `today` (YYYY-MM-DD): a licence counts through its validUntil day. */
export function standingFor(licences: StudioLicences, scheme: Scheme, today: string): Standing {
  const licence =
    scheme === 'fairtrade' ? licences.fairtrade : scheme === 'fairmined' || scheme === 'fairmined-ecological' ? licences.fairmined : undefined;
  if (!licence || licence.validUntil < today) return { kind: 'none' };
  return { kind: licence.kind, reference: licence.reference };
}

/** The Goldsmiths Registration Scheme's yearly limits on Fairtrade metal bought, in grams. */
export const REGISTERED_GOLDSMITH_CAP_GRAMS: Record<Metal, number> = { gold: 500, platinum: 500, silver: 2000 };

/** One approved Fairtrade lot, as the yearly total counts it. */
export interface SourcedLot {
  metal: Metal;
  weightGrams: number;
}

export interface YearlyWeight {
  year: number;
  metals: { metal: Metal; grams: number; capGrams: number; remainingGrams: number }[];
}

/** This year's Fairtrade metal against the registered goldsmith's cap; weights to the milligram. */
export function yearlyFairtradeWeight(lots: readonly SourcedLot[], year: number): YearlyWeight {
  return {
    year,
    metals: Metal.options.map((metal) => {
      const milligrams = lots.filter((l) => l.metal === metal).reduce((sum, l) => sum + Math.round(l.weightGrams * 1000), 0);
      const capGrams = REGISTERED_GOLDSMITH_CAP_GRAMS[metal];
      return { metal, grams: milligrams / 1000, capGrams, remainingGrams: Math.max(0, capGrams * 1000 - milligrams) / 1000 };
    }),
  };
}
