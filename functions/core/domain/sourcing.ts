/**
 * Approving SOURCING: the metal must be traceable to a registered origin certified for it today,
 * and the premium to the miners is computed from what was sourced, never typed in.
 */
import { ApiError } from '#lib/errors';
import { checkSourcingOrigin, dayOf } from './origins.ts';
import type { OriginLookup } from './ports.ts';
import { computePremium } from './premiums.ts';
import type { SourcingApproval, SourcingRecord } from './schemas.ts';

/** The sourcing record to store, or a 400 saying what is wrong with the origin. */
export async function certifiedSourcing(origins: OriginLookup, details: SourcingApproval, now: Date): Promise<SourcingRecord> {
  const check = checkSourcingOrigin(await origins.list(), details.origin, details.scheme, details.metal, dayOf(now));
  if (!check.ok) throw new ApiError(400, check.code, check.message, [{ path: 'details.origin', message: check.message }]);
  const { origin, certification } = check;
  return {
    ...details,
    // The registry's spelling, not the designer's: the customer sees "Íquira", not "iquira".
    origin: {
      name: origin.name,
      country: origin.country,
      ...(origin.region !== undefined && { region: origin.region }),
      certifier: certification.certifier,
      ...(certification.verification && { certificateReference: certification.verification.certificateReference }),
    },
    premium: computePremium(details),
  };
}
