/**
 * Sends email through SES exactly once per subject matter (reliability rule 5): the send is
 * claimed in the table first, marked sent afterwards, and released if SES refuses for now, so a
 * retried task never sends twice and a failed one can try again. A permanent refusal (an address
 * SES will not send to) must not block the commission: it is recorded in the history and the
 * studio is alerted instead.
 */
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import type { MailConfig } from '#edge/config';
import { headerSafe, type EmailMessage } from '#email/render';
import { studioEmailFailedEmail } from '#email/studio-emails';
import { isTransient, TransientError } from '#lib/errors';
import { logger } from '#lib/logger';
import { LOG_EVENT } from '#lib/log-events';
import type { Stage } from '#domain/schemas';
import type { CommissionStore } from './commission-store.ts';
import type { EmailLedger } from './email-ledger.ts';

export type SendOutcome = 'sent' | 'already-sent' | 'failed';

/** What an email is about; one email per distinct value (commission, kind, stage, revision). */
export interface EmailSubject {
  commissionId: string;
  /** e.g. `customer`, `studio-awaiting`, `studio-chase-2`. */
  kind: string;
  stage: Stage;
  revision: number;
  /** The ledger entry expires then (unix seconds): an email about an unconfirmed enquiry. */
  expiresAt?: number;
  /**
   * False: a permanent refusal is recorded, and the studio is not alerted (the confirmation
   * email of an enquiry anyone may submit: a stranger must not be able to make the studio's mail).
   */
  alertStudio?: boolean;
}

/** The email's name in the ledger (./email-ledger.ts), e.g. `customer#DESIGN#1`. */
const emailKey = (about: EmailSubject) => `${about.kind}#${about.stage}#${about.revision}`;

export class Mailer {
  constructor(
    private readonly ses: SESClient,
    private readonly ledger: EmailLedger,
    /** Where a refused email is recorded. */
    private readonly history: Pick<CommissionStore, 'appendHistory'>,
    private readonly config: MailConfig,
  ) {}

  /** Sends `message` unless the email `about` names was sent before. */
  async sendOnce(about: EmailSubject, message: EmailMessage, now = new Date()): Promise<SendOutcome> {
    const { commissionId } = about;
    const key = emailKey(about);
    if (!(await this.ledger.claim(commissionId, key, now, about.expiresAt))) {
      logger.info('email already sent', { commissionId, email: key });
      return 'already-sent';
    }
    let messageId: string;
    try {
      messageId = await this.send(message);
    } catch (error) {
      const reason = (error as Error).name || 'Error';
      if (isTransient(error)) {
        await this.ledger.release(commissionId, key);
        logger.warn(LOG_EVENT.emailDeferred, { commissionId, email: key, error: reason });
        throw new TransientError(`SES refused for now: ${reason}`);
      }
      await this.recordRefusal(about, key, reason, now);
      return 'failed';
    }
    await this.ledger.markSent(commissionId, key, messageId, now, about.expiresAt);
    logger.info(LOG_EVENT.emailSent, { commissionId, email: key });
    return 'sent';
  }

  private async send(message: EmailMessage): Promise<string> {
    const result = await this.ses.send(
      new SendEmailCommand({
        Source: this.config.sender,
        Destination: { ToAddresses: [message.to] },
        ConfigurationSetName: this.config.configurationSet,
        Message: {
          Subject: { Data: headerSafe(message.subject), Charset: 'UTF-8' },
          Body: {
            Text: { Data: message.text, Charset: 'UTF-8' },
            Html: { Data: message.html, Charset: 'UTF-8' },
          },
        },
      }),
    );
    return result.MessageId ?? 'unknown';
  }

  /** SES will not send this one, ever: keep the commission going, and make sure people know. */
  private async recordRefusal(about: EmailSubject, key: string, reason: string, now: Date) {
    const { commissionId } = about;
    logger.error(LOG_EVENT.emailRefused, { commissionId, email: key, error: reason });
    await this.ledger.markFailed(commissionId, key, reason, now, about.expiresAt);
    await this.history.appendHistory(commissionId, {
      at: now.toISOString(),
      stage: about.stage,
      event: 'email-failed',
      actor: 'system',
      details: { email: about.kind, error: reason },
    });
    if (about.kind.startsWith('studio')) return; // the studio's own address is refused: the history must do
    if (about.alertStudio === false) return;
    await this.sendOnce(
      { ...about, kind: `studio-alert-${about.kind}` },
      studioEmailFailedEmail(commissionId, this.config.studio, about.stage, reason),
      now,
    );
  }
}

export function sesClient(): SESClient {
  return new SESClient({});
}
