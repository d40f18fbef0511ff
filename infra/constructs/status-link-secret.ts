/**
 * The key that signs the customers' status links (HMAC); functions with catalogue `statusLinks`
 * access read it once at cold start. Not rotated automatically: a rotation would void every link
 * already emailed (they live 180 days); rotate by hand (put a new value) if it is ever exposed.
 *
 * A Secret subclass, so it keeps the construct path, and the logical ID, it was deployed with: a
 * new logical ID would generate a new key and void every link already sent.
 */
import { Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { CommissionFunction } from './commission-function.ts';

export class StatusLinkSecret extends secretsmanager.Secret {
  constructor(scope: Construct, id: string) {
    super(scope, id, {
      description: "Signs the customers' status-page links (HMAC-SHA256).",
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The status-link signing key is not rotated automatically: rotating voids every link already emailed to customers (valid 180 days). It is rotated by hand if exposed.',
    });
  }

  /** Lets each function with `statusLinks` access read the key, and tells it where links point. */
  enableFor(functions: Iterable<CommissionFunction>, publicBaseUrl: string): void {
    for (const fn of functions) fn.bindStatusLinks(this, publicBaseUrl);
  }
}
