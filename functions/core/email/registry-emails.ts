/** The studio's email about the registry: a verified certification is about to stop counting. */
import { SCHEME_NAMES } from '#domain/labels';
import { addDays, type CertificationNotice } from '#domain/origins';
import { headerSafe, layout, type EmailMessage } from './render.ts';

const GREETING = 'Hello studio,';
const SIGN_OFF = 'Sent by the registry of certified origins';

/** The studio's notice: check an origin's certificate again before its verification runs out. */
export function certificationNoticeEmail(notice: CertificationNotice, studio: string): EmailMessage {
  const { origin, certification, reason, due } = notice;
  const v = certification.verification;
  const scheme = SCHEME_NAMES[certification.scheme];
  const lastDay = addDays(due, -1);
  const heading = `Check ${origin.name}'s ${scheme} certificate by ${lastDay}`;
  const why =
    reason === 'certificate-expiry'
      ? `Certificate ${v.certificateReference} of ${origin.name} (${origin.country}) is valid until ${v.validUntil}.`
      : `The check of ${origin.name}'s (${origin.country}) ${scheme} certificate, recorded on ${v.checkedOn} by ${v.checkedBy}, ` +
        `counts for 12 months: until ${lastDay}.`;
  return {
    to: studio,
    subject: headerSafe(heading),
    ...layout(
      {
        heading,
        paragraphs: [
          why,
          `From ${due}, metal from ${origin.name} cannot be approved at SOURCING as ${scheme} until a designer checks the current ` +
            'certificate with the certifier and records it again.',
        ],
        facts: [
          ['Origin', `${origin.name}, ${origin.country}`],
          ['Scheme', `${scheme} (${certification.metals.join(', ')})`],
          ['Certifier', certification.certifier],
          ['Certificate', v.certificateReference],
          ['Checked on', `${v.checkedOn} by ${v.checkedBy}`],
          ['Valid until', v.validUntil],
        ],
        next: "Check the certifier's current register, then record the check in the console (Origins → Verify).",
      },
      GREETING,
      SIGN_OFF,
    ),
  };
}
