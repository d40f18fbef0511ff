/**
 * The registry of certified origins (mines and cooperatives) and what it decides: the status of
 * each certification on a given day, whether sourced metal may be approved against an origin,
 * and which scheme × metal pairs the studio can offer (./offer.ts). Pure functions, and no wall
 * clock: every rule takes `today` (YYYY-MM-DD, UTC). core/adapters/origin-registry.ts stores the origins.
 *
 * A certification is *reported* (the seed's sources say a certifier certified the origin once) or
 * *verified* (a designer checked the current certificate and recorded it). Only a verification
 * recorded within the last 12 months, on a certificate valid today, makes metal sourceable.
 */
import * as z from 'zod/mini';
import { SCHEME_NAMES } from './labels.ts';
import { normalizeName } from './names.ts';
import { CertifiedScheme, Metal, singleLine } from './schemas.ts';

const text = singleLine;

/** A calendar day, YYYY-MM-DD. */
const Day = z.iso.date('A date as YYYY-MM-DD');
/** A date as reported: a year, a month or a day ("2011-05" when a source says "May 2011"). */
const ReportedDate = z.string().check(z.regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, 'A date as YYYY, YYYY-MM or YYYY-MM-DD'));

/** A designer's check of the current certificate: what makes a certification `verified`. */
export const Verification = z.object({
  certificateReference: z.string(),
  checkedOn: z.string(),
  checkedBy: z.string(),
  validUntil: z.string(),
});
export type Verification = z.infer<typeof Verification>;

/** The certifier ended the certification: lapsed, whatever a verification says. */
const Ended = z.strictObject({ on: ReportedDate, source: text(500) });

/** A certification as a designer (or the seed file) states it; verifications are recorded apart. */
const CertificationInput = z.strictObject({
  scheme: CertifiedScheme,
  metals: z.array(Metal).check(z.minLength(1, 'Name at least one metal'), z.maxLength(3)),
  /** Who audits and certifies, as the source says ("FLOCERT", "IMO Swiss AG (ARM-recognised certifier)"). */
  certifier: text(200),
  /** When it was first certified, as reported; never an invented end date. */
  firstCertified: z.optional(ReportedDate),
  ended: z.optional(Ended),
  /** Where this certification was reported. */
  source: text(500),
  /** What is not known about it. */
  uncertain: z.optional(text(500)),
});

export type Certification = z.infer<typeof CertificationInput> & { verification: Verification | null };

const Certifications = z.array(CertificationInput).check(
  z.minLength(1, 'Name at least one certification'),
  z.maxLength(3),
  z.refine((certs) => new Set(certs.map((c) => c.scheme)).size === certs.length, {
    message: 'One certification per scheme: list every metal of a scheme in one entry',
  }),
);

/** Stable, URL-safe origin ids. */
const ORIGIN_ID = /^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$/;
export const OriginId = z.string().check(z.regex(ORIGIN_ID, 'Lower-case letters, digits and hyphens, at most 80'));

/** The id an origin gets unless one is given: the slug of its name and country ("sotrami-peru"). */
export function originIdOf(name: string, country: string): string {
  const slug = `${normalizeName(name)} ${normalizeName(country)}`.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return slug.slice(0, 80).replace(/-+$/, '') || 'origin';
}

/** An origin as a designer adds it (POST /origins) and as the seed file lists it. */
export const NewOrigin = z.strictObject({
  id: z.optional(OriginId),
  name: text(200),
  country: text(100),
  region: z.optional(text(200)),
  /** Where the origin's own facts (name, place) were reported. */
  source: text(500),
  uncertain: z.optional(text(500)),
  certifications: Certifications,
});
export type NewOrigin = z.infer<typeof NewOrigin>;

export const Retirement = z.object({ on: z.string(), by: z.string(), note: z.string() });

/** An origin as stored (the adapter fills in what older items lack: id, version, verification). */
export interface Origin {
  id: string;
  name: string;
  country: string;
  region?: string;
  source: string;
  uncertain?: string;
  certifications: Certification[];
  retired?: { on: string; by: string; note: string };
  addedBy: string;
  addedAt: string;
  seedVersion?: number;
  editedBy?: string;
  editedAt?: string;
  /** Bumped by every write; the optimistic lock (If-Match). */
  version: number;
}

/** The seed file: its version (bumped on every correction) and its origins, each with its id. */
export const OriginSeed = z.object({
  seedVersion: z.number().check(z.int(), z.positive()),
  origins: z.array(z.strictObject({ ...NewOrigin.shape, id: OriginId })),
});
export type OriginSeed = z.infer<typeof OriginSeed>;

/** POST /origins/{originId}/verifications: the designer checked the current certificate. */
export const VerificationRequest = z.strictObject({
  scheme: CertifiedScheme,
  certificateReference: text(200),
  checkedOn: Day,
  validUntil: Day,
});
export type VerificationRequest = z.infer<typeof VerificationRequest>;

/** PATCH /origins/{originId} that retires the origin: it leaves the offer and SOURCING for good. */
export const OriginRetirement = z.strictObject({ retired: z.literal(true, 'true to retire the origin'), note: text(500) });
/** PATCH /origins/{originId} that corrects the facts. Name and country are its key: they stay. */
export const OriginCorrection = z
  .strictObject({
    region: z.optional(text(200)),
    source: z.optional(text(500)),
    uncertain: z.optional(text(500)),
    certifications: z.optional(Certifications),
  })
  .check(z.refine((edit) => Object.keys(edit).length > 0, { message: 'Name at least one field to change' }));
/** PATCH /origins/{originId}: correct the facts, or retire the origin. */
export const OriginEdit = z.union([OriginRetirement, OriginCorrection]);
export type OriginEdit = z.infer<typeof OriginEdit>;

// ── dates ───────────────────────────────────────────────────────────────────────────────────

/** A calendar day, YYYY-MM-DD, in UTC: certifications are valid by the day. */
export const dayOf = (now: Date) => now.toISOString().slice(0, 10);

/** `day` plus `days` (negative to go back). */
export function addDays(day: string, days: number): string {
  const t = Date.parse(`${day}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** The same day `years` later; 29 February becomes 28 February in a common year. */
export function addYears(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const year = y + years;
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** A check of the certificate counts for this long. */
const CHECK_VALID_YEARS = 1;
/** The first day a verification no longer counts because the check itself is too old. */
const checkExpiresOn = (verification: Verification) => addYears(verification.checkedOn, CHECK_VALID_YEARS);

// ── status ──────────────────────────────────────────────────────────────────────────────────

const CERTIFICATION_STATUSES = ['verified', 'unverified', 'lapsed', 'retired'] as const;
export type CertificationStatus = (typeof CERTIFICATION_STATUSES)[number];

/** The status of a certification on a day, with the reason in words. Computed, never stored. */
export function certificationStatus(
  origin: Pick<Origin, 'retired'>,
  certification: Certification,
  today: string,
): { status: CertificationStatus; reason: string } {
  if (origin.retired) return { status: 'retired', reason: `The origin was retired on ${origin.retired.on.slice(0, 10)}: ${origin.retired.note}` };
  if (certification.ended) return { status: 'lapsed', reason: `The certifier ended it on ${certification.ended.on} (${certification.ended.source})` };
  const v = certification.verification;
  if (!v) return { status: 'unverified', reason: 'Never verified against a current certificate' };
  if (today < v.checkedOn) return { status: 'unverified', reason: `The check is dated ${v.checkedOn}, after today` };
  if (today > v.validUntil) return { status: 'unverified', reason: `Certificate ${v.certificateReference} was valid until ${v.validUntil}` };
  if (today >= checkExpiresOn(v)) {
    return { status: 'unverified', reason: `Last checked on ${v.checkedOn}, 12 months ago or more: check the current certificate` };
  }
  return { status: 'verified', reason: `Certificate ${v.certificateReference} checked on ${v.checkedOn} by ${v.checkedBy}, valid until ${v.validUntil}` };
}

/** The API's view of an origin (GET /origins and every write's answer), for the contract. */
export const OriginViewSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  country: z.string(),
  region: z.optional(z.string()),
  source: z.string(),
  uncertain: z.optional(z.string()),
  certifications: z.array(
    z.strictObject({
      ...CertificationInput.shape,
      verification: z.nullable(z.strictObject(Verification.shape)),
      status: z.enum(CERTIFICATION_STATUSES),
      statusReason: z.string(),
    }),
  ),
  retired: z.optional(z.strictObject(Retirement.shape)),
  addedBy: z.string(),
  addedAt: z.string(),
  seedVersion: z.optional(z.number()),
  editedBy: z.optional(z.string()),
  editedAt: z.optional(z.string()),
  version: z.number(),
});

/** An origin as the API shows it (GET /origins, every write's answer). */
export type OriginView = z.infer<typeof OriginViewSchema>;

/** An origin as the API shows it: each certification with its status on the day. */
export function originView(origin: Origin, today: string): OriginView {
  return {
    ...origin,
    certifications: origin.certifications.map((c) => {
      const { status, reason } = certificationStatus(origin, c, today);
      return { ...c, status, statusReason: reason };
    }),
  };
}

// ── the sourcing check ──────────────────────────────────────────────────────────────────────

/** How a sourcing names its origin: by registry id, or by name and country (compared normalized). */
export type OriginRef = { id: string } | { name: string; country: string };

export type SourcingOriginCheck =
  | { ok: true; origin: Origin; certification: Certification }
  | { ok: false; code: 'origin_not_verified' | 'certification_lapsed'; message: string };

function findOrigin(origins: readonly Origin[], ref: OriginRef): Origin | undefined {
  if ('id' in ref) return origins.find((o) => o.id === ref.id);
  const name = normalizeName(ref.name);
  const country = normalizeName(ref.country);
  return origins.find((o) => normalizeName(o.name) === name && normalizeName(o.country) === country);
}

/**
 * May metal of this scheme and metal be approved against this origin today? Only if the origin is
 * registered, not retired, certified for the pair, not ended by the certifier, and verified today.
 */
export function checkSourcingOrigin(
  origins: readonly Origin[],
  ref: OriginRef,
  scheme: CertifiedScheme,
  metal: Metal,
  today: string,
): SourcingOriginCheck {
  const notVerified = (message: string): SourcingOriginCheck => ({ ok: false, code: 'origin_not_verified', message });
  const origin = findOrigin(origins, ref);
  if (!origin) {
    const named = 'id' in ref ? `Origin "${ref.id}"` : `"${ref.name}" (${ref.country})`;
    return notVerified(`${named} is not in the registry of certified origins`);
  }
  if (origin.retired) return notVerified(`${origin.name} was retired from the registry on ${origin.retired.on.slice(0, 10)}`);
  const label = `${SCHEME_NAMES[scheme]} ${metal}`;
  const certification = origin.certifications.find((c) => c.scheme === scheme && c.metals.includes(metal));
  if (!certification) {
    const held = origin.certifications.map((c) => `${SCHEME_NAMES[c.scheme]} ${c.metals.join('/')}`).join('; ');
    return notVerified(`${origin.name} is not certified for ${label} (it holds: ${held})`);
  }
  const { status, reason } = certificationStatus(origin, certification, today);
  if (status === 'lapsed') {
    return { ok: false, code: 'certification_lapsed', message: `${origin.name}'s ${label} certification has lapsed: ${reason}` };
  }
  if (status !== 'verified') return notVerified(`${origin.name}'s ${label} certification is not verified today: ${reason}`);
  return { ok: true, origin, certification };
}

// ── writes (pure: the adapter stores what these return) ───────────────────────────────────

/** A new origin as stored. */
export function newOriginRecord(input: NewOrigin, addedBy: string, now: string, seedVersion?: number): Origin {
  const { id, certifications, ...facts } = input;
  return {
    ...facts,
    id: id ?? originIdOf(input.name, input.country),
    certifications: certifications.map((c) => ({ ...c, verification: null })),
    addedBy,
    addedAt: now,
    ...(seedVersion !== undefined && { seedVersion }),
    version: 1,
  };
}

/** New certifications keep the verification of the one they replace when the scheme is unchanged. */
function keepVerifications(before: readonly Certification[], after: z.infer<typeof CertificationInput>[]): Certification[] {
  return after.map((c) => ({ ...c, verification: before.find((b) => b.scheme === c.scheme)?.verification ?? null }));
}

/** A newer seed's version of a seeded origin: the seed's facts, the verifications already recorded. */
export function reseeded(existing: Origin, seeded: OriginSeed['origins'][number], seedVersion: number): Origin {
  return {
    ...newOriginRecord(seeded, existing.addedBy, existing.addedAt, seedVersion),
    certifications: keepVerifications(existing.certifications, seeded.certifications),
    version: existing.version + 1,
  };
}

export type EditOutcome = { ok: true; origin: Origin } | { ok: false; code: 'origin_retired'; message: string };

/** A designer's edit applied; a retired origin takes no further edit. */
export function editOrigin(origin: Origin, edit: OriginEdit, by: string, now: string): EditOutcome {
  if (origin.retired) return { ok: false, code: 'origin_retired', message: `${origin.name} was retired on ${origin.retired.on.slice(0, 10)}` };
  const stamp = { editedBy: by, editedAt: now, version: origin.version + 1 };
  if ('retired' in edit) return { ok: true, origin: { ...origin, retired: { on: now, by, note: edit.note }, ...stamp } };
  const { certifications, ...facts } = edit;
  return {
    ok: true,
    origin: {
      ...origin,
      ...facts,
      ...(certifications && { certifications: keepVerifications(origin.certifications, certifications) }),
      ...stamp,
    },
  };
}

export type VerifyOutcome =
  | { ok: true; origin: Origin; changed: boolean }
  | { ok: false; status: 400 | 409; code: string; message: string; path?: string };

/** Records a designer's check of the current certificate for one of the origin's schemes. */
export function recordVerification(origin: Origin, request: VerificationRequest, by: string, now: string, today: string): VerifyOutcome {
  if (origin.retired) return { ok: false, status: 409, code: 'origin_retired', message: `${origin.name} was retired on ${origin.retired.on.slice(0, 10)}` };
  const index = origin.certifications.findIndex((c) => c.scheme === request.scheme);
  if (index < 0) {
    return { ok: false, status: 400, code: 'validation_failed', path: 'scheme', message: `${origin.name} holds no ${SCHEME_NAMES[request.scheme]} certification` };
  }
  if (request.checkedOn > today) return { ok: false, status: 400, code: 'validation_failed', path: 'checkedOn', message: 'Must not be in the future' };
  if (request.validUntil < request.checkedOn) {
    return { ok: false, status: 400, code: 'validation_failed', path: 'validUntil', message: 'Must not be before checkedOn' };
  }
  if (request.validUntil < today) return { ok: false, status: 400, code: 'validation_failed', path: 'validUntil', message: 'The certificate has run out: it must be valid today' };
  const current = origin.certifications[index]!;
  const verification: Verification = { certificateReference: request.certificateReference, checkedOn: request.checkedOn, checkedBy: by, validUntil: request.validUntil };
  const same =
    current.verification?.certificateReference === verification.certificateReference &&
    current.verification.checkedOn === verification.checkedOn &&
    current.verification.validUntil === verification.validUntil;
  // The same check again changes nothing (a retried request).
  if (same) return { ok: true, origin, changed: false };
  const certifications = origin.certifications.map((c, i) => (i === index ? { ...c, verification } : c));
  return { ok: true, origin: { ...origin, certifications, editedBy: by, editedAt: now, version: origin.version + 1 }, changed: true };
}

// ── reminders ───────────────────────────────────────────────────────────────────────────────

/** How long before a verification stops counting the studio is told. */
const NOTICE_DAYS_AHEAD = 60;

type NoticeReason = 'certificate-expiry' | 'check-age';

export interface CertificationNotice {
  origin: Origin;
  certification: Certification & { verification: Verification };
  reason: NoticeReason;
  /** The first day the verification no longer counts (after validUntil, or the check's first birthday). */
  due: string;
}

/**
 * The verified certifications whose verification stops counting within NOTICE_DAYS_AHEAD days:
 * the certificate runs out, or the check turns 12 months old. One notice per reason; the caller
 * sends each once per verification.
 */
export function certificationNotices(origins: readonly Origin[], today: string): CertificationNotice[] {
  const notices: CertificationNotice[] = [];
  for (const origin of origins) {
    for (const certification of origin.certifications) {
      const v = certification.verification;
      if (!v || certificationStatus(origin, certification, today).status !== 'verified') continue;
      const withVerification = { ...certification, verification: v };
      const dues: [NoticeReason, string][] = [
        ['certificate-expiry', addDays(v.validUntil, 1)],
        ['check-age', checkExpiresOn(v)],
      ];
      for (const [reason, due] of dues) {
        if (today >= addDays(due, -NOTICE_DAYS_AHEAD)) notices.push({ origin, certification: withVerification, reason, due });
      }
    }
  }
  return notices;
}
