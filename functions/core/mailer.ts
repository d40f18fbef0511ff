/**
 * Sends email through SES exactly once per key (reliability rule 5): the send is claimed in the
 * table first, marked sent afterwards, and released if SES refuses, so a retried task never
 * sends twice and a failed one can try again.
 */
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import type { MailConfig } from './config.ts';
import type { EmailMessage } from './emails.ts';
import { headerSafe } from './emails.ts';
import { isTransient, TransientError } from './errors.ts';
import { logger } from './logger.ts';
import type { CommissionRepository } from './repository.ts';

export type SendOutcome = 'sent' | 'already-sent';

export class Mailer {
  constructor(
    private readonly ses: SESClient,
    private readonly repository: CommissionRepository,
    private readonly config: MailConfig,
  ) {}

  /**
   * Sends `message` unless the email `key` of this commission was sent before.
   * Keys name what the email is about, e.g. `customer#SOURCING#1` (stage and revision).
   */
  async sendOnce(commissionId: string, key: string, message: EmailMessage, now = new Date()): Promise<SendOutcome> {
    if (!(await this.repository.claimEmail(commissionId, key, now))) {
      logger.info('email already sent', { commissionId, email: key });
      return 'already-sent';
    }
    let messageId: string;
    try {
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
      messageId = result.MessageId ?? 'unknown';
    } catch (error) {
      await this.repository.releaseEmail(commissionId, key);
      logger.warn('email not sent', { commissionId, email: key, error: (error as Error).name });
      if (isTransient(error)) throw new TransientError(`SES refused for now: ${(error as Error).name}`);
      throw error;
    }
    await this.repository.markEmailSent(commissionId, key, messageId, now);
    logger.info('email sent', { commissionId, email: key });
    return 'sent';
  }
}

export function sesClient(): SESClient {
  return new SESClient({});
}
