/**
 * Sending the product's email through SES: the configuration set, the sender identity, and what
 * each function with catalogue `email` access is given (addresses, configuration set, the grant
 * to send; see CommissionFunction.bindMail).
 *
 * A new account's SES is in the *sandbox*: it sends only to verified identities (so the
 * customers' addresses would be refused) and at most 200 mails a day. Deploying creates the
 * sender identity below, and SES mails a verification link to that address; click it, then
 * ask AWS for production access (SES console → Account dashboard) before real customers use
 * the system. While in the sandbox, verify the studio address (and any test customer
 * address) by hand. In the sandbox SES also authorizes the send against the verified
 * *recipient* identities, so the functions' grant (sender identity + configuration set only)
 * may be refused there: test against verified recipients with a temporary extra grant, or get
 * production access first. No identity is created for the studio address: it is only a recipient.
 */
import { Stack } from 'aws-cdk-lib';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import type { CommissionFunction, MailResources } from './commission-function.ts';
import { keepDeployedLogicalId } from './deployed-logical-id.ts';

export interface MailSendingProps {
  /** The From address of every email; the identity created here must be verified. */
  senderEmail: string;
  /** Where the studio's notifications go. */
  studioEmail: string;
}

export class MailSending extends Construct implements MailResources {
  readonly senderEmail: string;
  readonly studioEmail: string;
  readonly senderIdentityArn: string;
  readonly configurationSetName: string;
  readonly configurationSetArn: string;

  constructor(scope: Construct, id: string, props: MailSendingProps) {
    super(scope, id);
    const configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      // Stop mailing addresses that bounced or complained: repeated bounces get an account paused.
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      reputationMetrics: true,
      sendingEnabled: true,
    });
    keepDeployedLogicalId(configurationSet, 'MailConfigurationSet8758ADB0');
    const senderIdentity = new ses.EmailIdentity(this, 'SenderIdentity', {
      identity: ses.Identity.email(props.senderEmail),
      configurationSet,
    });
    keepDeployedLogicalId(senderIdentity, 'SenderIdentity5AECAF6F');

    this.senderEmail = props.senderEmail;
    this.studioEmail = props.studioEmail;
    this.senderIdentityArn = senderIdentity.emailIdentityArn;
    this.configurationSetName = configurationSet.configurationSetName;
    this.configurationSetArn = Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: configurationSet.configurationSetName,
    });
  }

  /** Gives each function with `email` access the addresses, the configuration set and the grant to send. */
  enableFor(functions: Iterable<CommissionFunction>): void {
    for (const fn of functions) fn.bindMail(this);
  }
}
