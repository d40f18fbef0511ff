/**
 * The premium that went to the miners, computed from the sourced metal — never typed in:
 * fine metal content (weight × fineness) × the scheme's premium per kg of fine metal.
 *
 * Arithmetic is done in integers (micrograms of fine metal, US cents) so that 4.2 g of 18ct
 * gives exactly USD 6.30, not 6.299999…; rounding happens once, to the cent, half up.
 */
import * as z from 'zod/mini';
import premiumRatesData from '../data/premium-rates.json' with { type: 'json' };
import { Fineness, Metal, Scheme, type PremiumRecord } from './schemas.ts';

/** Parts per thousand of fine metal, i.e. the hallmark's fineness mark (375, 585, 750, 916, 950, 925). */
export const FINENESS_PER_MILLE: Record<Fineness, number> = {
  '9ct': 375,
  '14ct': 585,
  '18ct': 750,
  '22ct': 916,
  '950': 950,
  '925': 925,
};

const PremiumRate = z.object({
  scheme: Scheme,
  metal: Metal,
  /** A fixed premium in USD per kg of fine metal; absent when the premium is a share of the market price. */
  usdPerKgFine: z.optional(z.number().check(z.positive())),
  /** How the premium is set when it is not a fixed rate (e.g. "10% of the LBMA silver price"). */
  basis: z.optional(z.string()),
  asOf: z.iso.date(),
  source: z.string(),
  uncertain: z.optional(z.string()),
});
export type PremiumRate = z.infer<typeof PremiumRate>;

/** The rate table from functions/core/data/premium-rates.json, checked when first loaded. */
export const PREMIUM_RATES: readonly PremiumRate[] = z.array(PremiumRate).parse(premiumRatesData.rates);

function premiumRateFor(scheme: Scheme, metal: Metal): PremiumRate {
  const rate = PREMIUM_RATES.find((r) => r.scheme === scheme && r.metal === metal);
  if (!rate) throw new Error(`No premium rate for ${scheme} ${metal} in premium-rates.json`);
  return rate;
}

/** Micrograms of fine metal in `weightGrams` (weighed to the milligram) of `fineness`. */
function fineMicrograms(weightGrams: number, fineness: Fineness): number {
  return Math.round(weightGrams * 1000) * FINENESS_PER_MILLE[fineness];
}

/** The premium for `weightGrams` of `fineness` metal sourced under `scheme`. */
export function computePremium(input: { scheme: Scheme; metal: Metal; fineness: Fineness; weightGrams: number }): PremiumRecord {
  const rate = premiumRateFor(input.scheme, input.metal);
  const micrograms = fineMicrograms(input.weightGrams, input.fineness);
  // µg × USD/kg × 100 cents / 1e9 µg per kg, rounded half up in integers (no binary fractions).
  const cents =
    rate.usdPerKgFine === undefined
      ? undefined
      : Number((BigInt(micrograms) * BigInt(rate.usdPerKgFine * 100) + 500_000_000n) / 1_000_000_000n);
  return {
    fineGrams: Math.round(micrograms / 1000) / 1000,
    ...(cents !== undefined && { amountUsd: cents / 100, usdPerKgFine: rate.usdPerKgFine }),
    ...(rate.basis !== undefined && { basis: rate.basis }),
    rateAsOf: rate.asOf,
    rateSource: rate.source,
    ...(rate.uncertain !== undefined && { rateUncertain: rate.uncertain }),
  };
}
