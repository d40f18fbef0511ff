/**
 * The building blocks every boundary schema is made of: text that is one line or free text,
 * the stages, the schemes, metals and finenesses, money. zod's English messages for what a client
 * sent wrong are configured by the HTTP edge (core/edge/messages.ts).
 *
 * zod/mini rather than classic zod: the classic build does not tree-shake (~454 KB minified
 * against ~14 KB), and every function's cold start pays for what its bundle loads.
 */
import * as z from 'zod/mini';

// ── building blocks ─────────────────────────────────────────────────────────────────────────

/** No control characters at all (so no CR/LF): for names, addresses, references. */
export const SINGLE_LINE = /^[^\p{Cc}\u2028\u2029]*$/u;
/** Free text may have line breaks and tabs but no other control characters. */
const FREE_TEXT = /^(?:[^\p{Cc}\u2028\u2029]|[\r\n\t])*$/u;

// Checks run in order and z.trim() rewrites the value: control characters are refused before
// trimming, so a leading CR/LF is an error, not silently dropped.
export function singleLine(max: number, min = 1) {
  return z.string().check(
    z.regex(SINGLE_LINE, 'Must be a single line without control characters'),
    z.trim(),
    z.minLength(min, min === 1 ? 'Required' : `At least ${min} characters`),
    z.maxLength(max, `At most ${max} characters`),
  );
}

export function freeText(max: number) {
  return z.string().check(
    z.regex(FREE_TEXT, 'Must not contain control characters'),
    z.trim(),
    z.minLength(1, 'Required'),
    z.maxLength(max, `At most ${max} characters`),
  );
}

export const STAGES = ['ENQUIRY', 'DESIGN', 'SOURCING', 'MAKING', 'DELIVERY', 'COMPLETED', 'CANCELLED'] as const;
export const Stage = z.enum(STAGES);
export type Stage = z.infer<typeof Stage>;

/** Stages that wait for a designer's decision. */
export const OPEN_STAGES = ['ENQUIRY', 'DESIGN', 'SOURCING', 'MAKING', 'DELIVERY'] as const;
export const OpenStage = z.enum(OPEN_STAGES);
export type OpenStage = z.infer<typeof OpenStage>;

/** The schemes that certify miners: metal under them comes from a registered, verified origin. */
export const CERTIFIED_SCHEMES = ['fairtrade', 'fairmined', 'fairmined-ecological'] as const;
export const CertifiedScheme = z.enum(CERTIFIED_SCHEMES);
export type CertifiedScheme = z.infer<typeof CertifiedScheme>;
/**
 * Every way the studio sources metal: a certified scheme, `recycled` (a refiner's recycled-content
 * claim) or `customer-own` (the customer's metal, weighed and assayed). The last two have no mine
 * and no premium.
 */
export const Scheme = z.enum([...CERTIFIED_SCHEMES, 'recycled', 'customer-own']);
export type Scheme = z.infer<typeof Scheme>;
export const isCertifiedScheme = (scheme: Scheme): scheme is CertifiedScheme =>
  (CERTIFIED_SCHEMES as readonly Scheme[]).includes(scheme);
export const Metal = z.enum(['gold', 'silver', 'platinum']);
export type Metal = z.infer<typeof Metal>;
export const Fineness = z.enum(['9ct', '14ct', '18ct', '22ct', '950', '925']);
export type Fineness = z.infer<typeof Fineness>;
/** Hallmarkable finenesses of each metal: carats for gold, parts per thousand otherwise. */
export const FINENESS_BY_METAL: Record<Metal, readonly Fineness[]> = {
  gold: ['9ct', '14ct', '18ct', '22ct'],
  platinum: ['950'],
  silver: ['925'],
};

/** Parts per thousand of fine metal, i.e. the hallmark's fineness mark (375, 585, 750, 916, 950, 925). */
export const FINENESS_PER_MILLE: Record<Fineness, number> = {
  '9ct': 375,
  '14ct': 585,
  '18ct': 750,
  '22ct': 916,
  '950': 950,
  '925': 925,
};

export const Colour = z.enum(['yellow', 'white', 'rose']);
const Currency = z.enum(['GBP', 'EUR', 'USD']);

export const Money = z.strictObject({
  amount: z.number().check(z.positive('Must be more than 0'), z.lte(10_000_000, 'Too large')),
  currency: Currency,
});
export type Money = z.infer<typeof Money>;
