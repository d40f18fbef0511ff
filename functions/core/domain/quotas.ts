/**
 * How much one stranger can make the studio spend on enquiries (reliability rule 11): so many per
 * client IP per hour and so many per customer address per 24 hours. Each quota is a counter per
 * fixed window, taken atomically (./ports.ts, QuotaCounters), so concurrent enquiries at the edge
 * of a limit admit exactly the limit. Over either → 429 with `Retry-After`: the window's end.
 */
import { TooManyRequests } from '#lib/errors';
import type { QuotaCounters } from './ports.ts';

export interface EnquiryLimits {
  /** Enquiries per client IP per hour (ENQUIRY_LIMIT_PER_IP). */
  perIp: number;
  /** Enquiries per customer address per 24 hours (ENQUIRY_LIMIT_PER_EMAIL). */
  perEmail: number;
}

export const DEFAULT_ENQUIRY_LIMITS: EnquiryLimits = { perIp: 10, perEmail: 3 };

/** Each quota's window, in seconds. */
const QUOTA_WINDOW_SECONDS = { ip: 3_600, email: 86_400 } as const;
type QuotaSubject = keyof typeof QUOTA_WINDOW_SECONDS;

const REFUSAL: Record<QuotaSubject, string> = {
  ip: 'Too many enquiries have come from your network in the last hour. Please try again later.',
  email:
    'Too many enquiries have been sent for this email address today. Please confirm the one we emailed you, or try again tomorrow.',
};

/**
 * Takes one enquiry from the IP's quota, then from the address's (addresses compared without
 * case). Throws TooManyRequests for the first quota that is spent; an IP refused is not charged
 * to the address.
 */
export async function takeEnquiryQuotas(
  counters: QuotaCounters,
  from: { ip: string; email: string },
  limits: EnquiryLimits,
  now: Date,
): Promise<void> {
  const takes: Array<[QuotaSubject, string, number]> = [
    ['ip', from.ip, limits.perIp],
    ['email', from.email.trim().toLowerCase(), limits.perEmail],
  ];
  for (const [subject, value, limit] of takes) {
    const answer = await counters.take({ subject, value, limit, windowSeconds: QUOTA_WINDOW_SECONDS[subject] }, now);
    if (!answer.taken) {
      const retryAfterSeconds = Math.max(1, Math.ceil(answer.windowEndsAt - now.getTime() / 1000));
      throw new TooManyRequests(retryAfterSeconds, REFUSAL[subject]);
    }
  }
}
