/**
 * The registry of certified origins (mines and cooperatives) and the rule that sourced metal
 * must come from one: in the country given, certified for the commission's scheme and metal,
 * and valid on the day of approval. Pure functions; core/adapters/origin-registry.ts stores the origins.
 */
import * as z from 'zod/mini';
import { SCHEME_NAMES } from './labels.ts';
import { normalizeName } from './names.ts';
import type { FieldError } from '#lib/errors';
import { CertifiedScheme, Metal, singleLine, type SourcingApproval } from './schemas.ts';

const text = singleLine;

const Certification = z
  .strictObject({
    scheme: CertifiedScheme,
    metals: z.array(Metal).check(z.minLength(1, 'Name at least one metal')),
    certifier: text(200),
    /** Certificate or licence reference, where the certifier publishes one. */
    reference: z.optional(text(200)),
    validFrom: z.iso.date('A date as YYYY-MM-DD'),
    validUntil: z.iso.date('A date as YYYY-MM-DD'),
    /** Where this certification was reported. */
    source: text(500),
    /** What is not confirmed about it (e.g. placeholder dates). */
    uncertain: z.optional(text(500)),
  })
  .check(
    z.refine((c) => c.validFrom <= c.validUntil, { message: 'Must not be before validFrom', path: ['validUntil'] }),
  );
type Certification = z.infer<typeof Certification>;

/** An origin as a designer adds it (POST /origins) and as the seed file lists it. */
export const NewOrigin = z.strictObject({
  name: text(200),
  country: text(100),
  region: z.optional(text(200)),
  /** Where the origin's own facts (name, place) were reported. */
  source: text(500),
  uncertain: z.optional(text(500)),
  certifications: z.array(Certification).check(z.minLength(1, 'Name at least one certification'), z.maxLength(20)),
});
export type NewOrigin = z.infer<typeof NewOrigin>;

/** An origin as stored: who added it, and for seeded ones, which seed version. */
export const Origin = z.object({
  ...NewOrigin.shape,
  addedBy: z.string(),
  addedAt: z.string(),
  seedVersion: z.optional(z.number()),
});
export type Origin = z.infer<typeof Origin>;

export const OriginSeed = z.object({ seedVersion: z.number().check(z.int(), z.positive()), origins: z.array(NewOrigin) });
export type OriginSeed = z.infer<typeof OriginSeed>;


/** A calendar day, YYYY-MM-DD, in UTC: certifications are valid by the day. */
export const dayOf = (now: Date) => now.toISOString().slice(0, 10);

export type OriginCheck =
  | { ok: true; origin: Origin; certification: Certification }
  | { ok: false; fields: FieldError[] };

/**
 * Checks that sourced metal comes from a registered origin certified for it today.
 * `candidates` are the registered origins with the given name (in any country).
 */
export function checkOrigin(
  candidates: readonly Origin[],
  sourcing: Pick<SourcingApproval, 'origin' | 'scheme' | 'metal'>,
  today: string,
): OriginCheck {
  const { name, country } = sourcing.origin;
  if (candidates.length === 0) {
    return refuse('details.origin.name', `"${name}" is not in the registry of certified origins; add it under /origins first`);
  }
  const origin = candidates.find((o) => normalizeName(o.country) === normalizeName(country));
  if (!origin) {
    const where = candidates.map((o) => o.country).join(', ');
    return refuse('details.origin.country', `${candidates[0]!.name} is registered in ${where}, not ${country}`);
  }
  const label = `${SCHEME_NAMES[sourcing.scheme]} ${sourcing.metal}`;
  const matching = origin.certifications.filter((c) => c.scheme === sourcing.scheme && c.metals.includes(sourcing.metal));
  if (matching.length === 0) {
    const held = origin.certifications.map((c) => `${SCHEME_NAMES[c.scheme]} ${c.metals.join('/')}`).join('; ');
    return refuse('details.origin.name', `${origin.name} is not certified for ${label} (it holds: ${held})`);
  }
  const valid = matching.find((c) => c.validFrom <= today && today <= c.validUntil);
  if (!valid) {
    const latest = matching.toSorted((a, b) => b.validUntil.localeCompare(a.validUntil))[0]!;
    const why = latest.validFrom > today ? `starts on ${latest.validFrom}` : `expired on ${latest.validUntil}`;
    return refuse('details.origin.name', `${origin.name}'s ${label} certification ${why}`);
  }
  return { ok: true, origin, certification: valid };
}

const refuse = (path: string, message: string): OriginCheck => ({ ok: false, fields: [{ path, message }] });
