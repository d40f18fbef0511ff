/**
 * An enquiry stranded on its way into its workflow (reliability rule 8): submitted and confirmed
 * at `at`, the process dying between the confirmation and the start. Through the domain, as the
 * handlers run it, with a start that throws.
 */
import { randomUUID } from 'node:crypto';
import { EnquiryConfirmationStore } from '#adapters/enquiry-confirmations';
import { documentClient } from '#adapters/dynamo';
import { confirmEnquiry, newCommission, unconfirmedExpiry } from '#domain/intake';
import { Enquiry } from '#domain/schemas';

export async function strandedEnquiry(tableName: string, body: unknown, at: Date) {
  const commissions = new EnquiryConfirmationStore(documentClient(), tableName);
  const commission = newCommission(randomUUID(), Enquiry.parse(body), at.toISOString());
  await commissions.create(commission, unconfirmedExpiry(at));
  const lost = () => Promise.reject(new Error('process killed between confirmation and start'));
  const outcome = await confirmEnquiry({ commissions, startWorkflow: lost }, commission.id, at);
  if (outcome !== 'confirmed') throw new Error(`confirming ${commission.id}: ${outcome}`);
  return commission;
}
