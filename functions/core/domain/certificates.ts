/**
 * Provenance certificates: a snapshot of a completed piece's provenance, stored under a random
 * certificate id (core/adapters/certificate-store.ts) and served publicly at /provenance/{certificateId}.
 *
 * Why a separate id rather than the commission id: the commission id is in logs, execution
 * names, studio emails and designer URLs; the certificate id is only in the customer's email and
 * the page itself. 128 random bits (22 base64url characters) cannot be guessed, and a leaked one
 * exposes only the certificate — it holds no name, email, phone or task token.
 *
 * Why a snapshot: a certificate states what was true when the piece was completed; it must not
 * change if the registry entry is edited later. The claim wording is not stored but rendered
 * from ./claims.ts, so a correction to the wording reaches every certificate.
 */
import { randomBytes } from 'node:crypto';
import * as z from 'zod/mini';
import { mayNameMine, provenanceClaim } from './claims.ts';
import { Fineness, MakingRecord, Metal, PremiumRecord, Scheme, Standing, Stone, Traceability, type Commission, type Stage } from './schemas.ts';

/** 16 random bytes, base64url: exactly 22 characters of [A-Za-z0-9_-]. */
export const CertificateId = z.string().check(z.regex(/^[A-Za-z0-9_-]{22}$/));
export const newCertificateId = () => randomBytes(16).toString('base64url');

/**
 * The snapshot. Only what may be said publicly: the origin only where the claim may name the
 * mine (physical traceability and a licence), the premium only where the claim may state it,
 * never who checked a certificate or any assay or supplier document of the customer's own metal.
 * Certificates issued before this shape (scheme always certified, origin always present, the
 * hallmark as text) still parse.
 */
export const Certificate = z.object({
  certificateId: z.string(),
  /** The short commission reference the customer's emails carry (not the id itself). */
  commissionReference: z.string(),
  issuedAt: z.string(),
  pieceKind: z.string(),
  scheme: Scheme,
  metal: Metal,
  fineness: Fineness,
  weightGrams: z.number(),
  traceability: z.optional(Traceability),
  /** The studio's standing for the scheme on the day of sourcing. */
  standing: z.optional(Standing),
  origin: z.optional(
    z.object({
      name: z.string(),
      country: z.string(),
      region: z.optional(z.string()),
      certifier: z.optional(z.string()),
      certificateReference: z.optional(z.string()),
      firstCertified: z.optional(z.string()),
    }),
  ),
  supplier: z.optional(z.string()),
  lotReference: z.optional(z.string()),
  /** Recycled metal: the refiner and its recycled-content certificate. */
  refiner: z.optional(z.string()),
  /** The lot's certificate (certified: the supplier's; recycled: the refiner's). */
  certificateReference: z.optional(z.string()),
  hallmark: z.optional(MakingRecord.shape.hallmark),
  schemeMark: z.optional(z.boolean()),
  stones: z.optional(z.array(Stone)),
  premium: z.optional(PremiumRecord),
  /** What happened when: dates only, and no one's name. */
  timeline: z.array(z.object({ stage: z.string(), event: z.string(), at: z.string() })),
});
export type Certificate = z.infer<typeof Certificate>;

const TIMELINE_EVENTS: Partial<Record<Stage, string>> = {
  ENQUIRY: 'Commission accepted',
  DESIGN: 'Design approved',
  SOURCING: 'Metal sourced',
  MAKING: 'Made and hallmarked',
  DELIVERY: 'Delivered',
};

/** The certificate of a completed commission; undefined if it was never sourced (nothing to certify). */
export function certificateOf(c: Commission, certificateId: string, issuedAt: string): Certificate | undefined {
  const s = c.sourcing;
  if (!s) return undefined;
  // The last approval of each stage is the one that stood (earlier ones were revised).
  const approvals = new Map(c.history.filter((h) => h.event === 'approved').map((h) => [h.stage, h.at]));
  const claim = provenanceClaim(s, c.making);
  const certified = s.scheme !== 'recycled' && s.scheme !== 'customer-own' ? s : undefined;
  const m = c.making;
  return {
    certificateId,
    commissionReference: c.id.slice(0, 8).toUpperCase(),
    issuedAt,
    pieceKind: c.piece.kind,
    scheme: s.scheme,
    metal: s.metal,
    fineness: s.fineness,
    weightGrams: s.weightGrams,
    ...(certified?.traceability !== undefined && { traceability: certified.traceability }),
    ...(certified?.standing !== undefined && { standing: certified.standing }),
    ...(certified && mayNameMine(certified) && {
      origin: {
        name: certified.origin.name,
        country: certified.origin.country,
        ...(certified.origin.region !== undefined && { region: certified.origin.region }),
        ...(certified.origin.certifier !== undefined && { certifier: certified.origin.certifier }),
        ...(certified.origin.certification?.firstCertified !== undefined && { firstCertified: certified.origin.certification.firstCertified }),
      },
    }),
    ...(certified && { supplier: certified.supplier, lotReference: certified.lotReference }),
    ...(certified?.certificateReference !== undefined && { certificateReference: certified.certificateReference }),
    ...(s.scheme === 'recycled' && { refiner: s.refiner, certificateReference: s.certificateReference, lotReference: s.lotReference }),
    ...(m && { hallmark: m.hallmark }),
    ...(m?.schemeMark !== undefined && { schemeMark: m.schemeMark }),
    ...(m?.stones !== undefined && m.stones.length > 0 && { stones: m.stones }),
    ...(claim.premium !== undefined && s.premium && { premium: s.premium }),
    timeline: [
      { stage: 'ENQUIRY', event: 'Enquiry received', at: c.createdAt },
      ...Object.entries(TIMELINE_EVENTS).flatMap(([stage, event]) => {
        const at = approvals.get(stage as Stage);
        return at ? [{ stage, event, at }] : [];
      }),
    ],
  };
}
