import middy from '@middy/core';
import { stateMachineArn, tableName } from '#edge/config';
import { startStrandedEnquiries } from '#domain/intake';
import { correlateInvocation, logContext, logger } from '#lib/logger';
import { EnquiryConfirmationStore } from '#adapters/enquiry-confirmations';
import { documentClient } from '#adapters/dynamo';
import { sfnClient, startCommissionWorkflow } from '#adapters/step-functions';

const commissions = new EnquiryConfirmationStore(documentClient(), tableName());
const sfn = sfnClient();
const machine = stateMachineArn();

/** Scheduled: starts the workflow of every enquiry that was stored without one. */
export const handler = middy().use(logContext(correlateInvocation)).handler(async () => {
  const result = await startStrandedEnquiries({ commissions, startWorkflow: (id) => startCommissionWorkflow(sfn, machine, id) }, new Date());
  if (result.started.length > 0) logger.warn('stranded enquiries started', { commissionIds: result.started });
  return { examined: result.examined, started: result.started.length };
});
