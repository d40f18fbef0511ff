import middy from '@middy/core';
import { SendEmailCommand } from '@aws-sdk/client-ses';
import { mailConfig, tableName } from '#edge/config';
import { certificationNoticeEmail } from '#email/registry-emails';
import { headerSafe } from '#email/render';
import { correlateInvocation, logContext, logger } from '#lib/logger';
import { sesClient } from '#adapters/mailer';
import { OriginRegistry } from '#adapters/origin-registry';
import { documentClient } from '#adapters/dynamo';
import { certificationNotices, dayOf } from '#domain/origins';

const registry = new OriginRegistry(documentClient(), tableName());
const ses = sesClient();
const config = mailConfig();

/**
 * Scheduled daily: tells the studio, 60 days ahead, when a verified certification will stop
 * counting (its certificate runs out, or the check turns 12 months old), so a designer checks the
 * certificate again before SOURCING is refused. Each notice is claimed in the table before it is
 * sent, so it goes once per origin, scheme, verification and reason, however often this runs.
 */
export const handler = middy().use(logContext(correlateInvocation)).handler(async () => {
  const now = new Date();
  const notices = certificationNotices(await registry.list(), dayOf(now));
  let sent = 0;
  for (const notice of notices) {
    const key = { originId: notice.origin.id, scheme: notice.certification.scheme, verification: notice.certification.verification, reason: notice.reason };
    if (!(await registry.claimNotice(key, now))) continue;
    const message = certificationNoticeEmail(notice, config.studio);
    try {
      await ses.send(
        new SendEmailCommand({
          Source: config.sender,
          Destination: { ToAddresses: [message.to] },
          ConfigurationSetName: config.configurationSet,
          Message: {
            Subject: { Data: headerSafe(message.subject), Charset: 'UTF-8' },
            Body: { Text: { Data: message.text, Charset: 'UTF-8' }, Html: { Data: message.html, Charset: 'UTF-8' } },
          },
        }),
      );
    } catch (error) {
      // Not sent: give the claim back so tomorrow's run tries again.
      await registry.releaseNotice(key);
      throw error;
    }
    sent++;
    logger.info('certification notice sent', { originId: notice.origin.id, scheme: key.scheme, reason: notice.reason });
  }
  return { due: notices.length, sent };
});
