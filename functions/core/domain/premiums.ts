/**
 * The premium paid upstream to the miners' organisation, as recorded when SOURCING is approved —
 * never typed in, never invented:
 * - the supplier's invoiced premium, when the designer records it, wins;
 * - else a fixed rate (USD per kg of fine metal) gives an *estimate* of this piece's share;
 * - a rate that is a share of a market price needs the price used, else it is *not computed*;
 * - no rate known for the scheme and metal → *not computed*, saying so;
 * - recycled and customer-own metal carry no premium (*none*).
 *
 * Arithmetic is done in integers (micrograms of fine metal, US cents) so that 4.2 g of 18ct
 * gives exactly USD 6.30, not 6.299999…; rounding happens once, to the cent, half up.
 */
import * as z from 'zod/mini';
import premiumRatesData from '../data/premium-rates.json' with { type: 'json' };
import { SCHEME_NAMES } from './labels.ts';
import { CertifiedScheme, Day, FINENESS_PER_MILLE, Fineness, Metal, type PremiumRecord, type SourcingApproval } from './schemas.ts';

const PremiumRate = z
  .object({
    scheme: CertifiedScheme,
    metal: Metal,
    /** A fixed premium in USD per kg of fine metal. */
    usdPerKgFine: z.optional(z.number().check(z.positive(), z.int())),
    /** Or a share of a market price, in whole percent, of `market` (e.g. "LPPM platinum price"). */
    percentOfMarket: z.optional(z.number().check(z.positive(), z.int(), z.lte(100))),
    market: z.optional(z.string()),
    asOf: Day,
    source: z.string(),
    uncertain: z.optional(z.string()),
  })
  .check(
    z.refine((r) => (r.usdPerKgFine === undefined) !== (r.percentOfMarket === undefined), 'Exactly one of usdPerKgFine, percentOfMarket'),
    z.refine((r) => r.percentOfMarket === undefined || r.market !== undefined, 'A percentage rate names its market price'),
  );
export type PremiumRate = z.infer<typeof PremiumRate>;

let checkedRates: readonly PremiumRate[] | undefined;
/**
 * The rate table from functions/core/data/premium-rates.json, checked on first use — not at import,
 * so a module that only needs the fineness table (every email-sending function) carries no rates.
 */
export const premiumRates = (): readonly PremiumRate[] => (checkedRates ??= z.array(PremiumRate).parse(premiumRatesData.rates));

/** One troy ounce is 31.1034768 g exactly (so 1 kg = 32.1507466 troy oz): here in tenths of a microgram. */
const TENTH_MICROGRAMS_PER_TROY_OUNCE = 311_034_768n;

/** Micrograms of fine metal in `weightGrams` (weighed to the milligram) of `fineness`. */
function fineMicrograms(weightGrams: number, fineness: Fineness): number {
  return Math.round(weightGrams * 1000) * FINENESS_PER_MILLE[fineness];
}

/** a / b for non-negative bigints, rounded half up. */
const divideHalfUp = (a: bigint, b: bigint) => (2n * a + b) / (2n * b);

/** The premium record for a sourcing approval. */
export function computePremium(input: SourcingApproval): PremiumRecord {
  const micrograms = fineMicrograms(input.weightGrams, input.fineness);
  const fineGrams = Math.round(micrograms / 1000) / 1000;
  if (input.scheme === 'recycled' || input.scheme === 'customer-own') {
    return {
      fineGrams,
      method: 'none',
      reason: input.scheme === 'recycled' ? 'Recycled metal carries no miners’ premium.' : 'The customer’s own metal carries no miners’ premium.',
    };
  }
  const rate = premiumRates().find((r) => r.scheme === input.scheme && r.metal === input.metal);
  const rateFacts = rate && {
    rateAsOf: rate.asOf,
    rateSource: rate.source,
    ...(rate.uncertain !== undefined && { rateUncertain: rate.uncertain }),
  };
  if (input.invoicedPremium) {
    return { fineGrams, method: 'invoiced', invoiced: input.invoicedPremium };
  }
  if (!rate) {
    return {
      fineGrams,
      method: 'not-computed',
      reason: `No ${SCHEME_NAMES[input.scheme]} premium rate for ${input.metal} was found, so the amount is not computed.`,
    };
  }
  if (rate.usdPerKgFine !== undefined) {
    // µg × USD/kg × 100 cents / 1e9 µg per kg.
    const cents = divideHalfUp(BigInt(micrograms) * BigInt(rate.usdPerKgFine * 100), 1_000_000_000n);
    return { fineGrams, method: 'estimate', amountUsd: Number(cents) / 100, usdPerKgFine: rate.usdPerKgFine, ...rateFacts };
  }
  const percent = rate.percentOfMarket!;
  if (!input.marketPrice) {
    return {
      fineGrams,
      method: 'not-computed',
      percentOfMarket: percent,
      reason: `The premium is ${percent}% of the ${rate.market ?? 'market price'}, and no price was recorded for this lot, so the amount is not computed.`,
      ...rateFacts,
    };
  }
  // µg × 10 (tenths) × price in cents per troy ounce × percent / (tenth-µg per troy ounce × 100).
  const priceCents = BigInt(Math.round(input.marketPrice.usdPerTroyOunce * 100));
  const cents = divideHalfUp(BigInt(micrograms) * 10n * priceCents * BigInt(percent), TENTH_MICROGRAMS_PER_TROY_OUNCE * 100n);
  return {
    fineGrams,
    method: 'estimate',
    amountUsd: Number(cents) / 100,
    percentOfMarket: percent,
    marketPrice: input.marketPrice,
    ...rateFacts,
  };
}
