/** The studio's emails: a decision awaits, a decision is overdue, a workflow stopped, a customer could not be emailed. */
import { askedMetal, pieceName, shortReference, STAGE_SUBJECTS } from '#domain/labels';
import type { Commission, OpenStage, Stage } from '#domain/schemas';
import { headerSafe, layout, type EmailMessage } from './render.ts';

const GREETING = 'Hello studio,';
const SIGN_OFF = 'Sent by the commissions workflow';

/** The studio's email: a stage awaits a designer's decision. */
export function studioAwaitingEmail(c: Commission, studio: string): EmailMessage {
  const ref = shortReference(c.id);
  const stage = c.stage as OpenStage;
  return {
    to: studio,
    subject: headerSafe(`${STAGE_SUBJECTS[stage]} awaits a decision (ref ${ref})`),
    ...layout(
      {
        heading: `${STAGE_SUBJECTS[stage]} awaits a decision`,
        paragraphs: [`${/^[aeiou]/.test(pieceName(c)) ? 'An' : 'A'} ${pieceName(c)} in ${askedMetal(c.metal, 'the customer’s')} is waiting for a designer.`],
        facts: [
          ['Reference', ref],
          ['Commission', c.id],
          ['Stage', `${stage} (revision ${c.revision})`],
        ],
        next: 'Approve, request changes or cancel from the designer console.',
      },
      GREETING,
      SIGN_OFF,
    ),
  };
}

export type ChaseAction = 'remind' | 'escalate';

/** The studio's reminder (or escalation) about an overdue decision. */
export function studioChaseEmail(c: Commission, studio: string, action: ChaseAction, chase: number): EmailMessage {
  const ref = shortReference(c.id);
  const label = STAGE_SUBJECTS[c.stage] ?? c.stage;
  const heading = action === 'escalate' ? `Escalation: ${label} is overdue` : `Reminder: ${label} awaits a decision`;
  return {
    to: studio,
    subject: headerSafe(`${heading} (ref ${ref})`),
    ...layout(
      {
        heading,
        paragraphs: [
          action === 'escalate'
            ? `This commission has waited through ${chase - 1} reminders without a decision. Please assign it to a designer today.`
            : `This commission has been waiting for a decision since ${c.awaiting?.since ?? c.stageEnteredAt}.`,
        ],
        facts: [
          ['Reference', ref],
          ['Commission', c.id],
          ['Stage', `${c.stage} (revision ${c.revision})`],
        ],
      },
      GREETING,
      SIGN_OFF,
    ),
  };
}

/** The studio's alert that a commission's workflow stopped. */
export function studioFailureEmail(commissionId: string, studio: string, reason: string): EmailMessage {
  const ref = shortReference(commissionId);
  return {
    to: studio,
    subject: headerSafe(`Action needed: commission ${ref} stopped`),
    ...layout(
      {
        heading: 'A commission stopped and needs attention',
        paragraphs: [reason],
        facts: [
          ['Reference', ref],
          ['Commission', commissionId],
        ],
        next: "Check the commission's history in the console; the customer has not been told anything new.",
      },
      GREETING,
      SIGN_OFF,
    ),
  };
}

/** The studio's alert that a customer could not be emailed (SES refused the address). */
export function studioEmailFailedEmail(commissionId: string, studio: string, stage: Stage, reason: string): EmailMessage {
  const ref = shortReference(commissionId);
  return {
    to: studio,
    subject: headerSafe(`Action needed: could not email the customer of ${ref}`),
    ...layout(
      {
        heading: 'We could not email a customer',
        paragraphs: [`SES refused the customer's ${stage} email (${reason}). The commission carries on; please contact the customer another way and check their address.`],
        facts: [
          ['Reference', ref],
          ['Commission', commissionId],
          ['Stage', stage],
        ],
      },
      GREETING,
      SIGN_OFF,
    ),
  };
}

/** The customer has not answered a design proposal in `days` days: the studio may want to call. */
export function studioCustomerSilentEmail(c: Commission, studio: string, days: number): EmailMessage {
  const ref = shortReference(c.id);
  const heading = 'A customer has not answered a design proposal';
  return {
    to: studio,
    subject: headerSafe(`${heading} (ref ${ref})`),
    ...layout(
      {
        heading,
        paragraphs: [
          `The design proposed ${days} days ago has not been approved or sent back, despite two reminders. The proposal lapses after 60 days and returns to you.`,
        ],
        facts: [
          ['Reference', ref],
          ['Commission', c.id],
          ['Stage', `${c.stage} (revision ${c.revision})`],
        ],
        next: 'Consider contacting the customer; a new proposal replaces the one they have.',
      },
      GREETING,
      SIGN_OFF,
    ),
  };
}
