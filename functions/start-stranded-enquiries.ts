import middy from '@middy/core';
import { stateMachineArn, tableName } from '#edge/config';
import { startStrandedEnquiries } from '#domain/intake';
import { logger } from '#lib/logger';
import { CommissionRepository, documentClient } from '#adapters/repository';
import { sfnClient, startCommissionWorkflow } from '#adapters/step-functions';

const repository = new CommissionRepository(documentClient(), tableName());
const sfn = sfnClient();
const machine = stateMachineArn();

/** Scheduled: starts the workflow of every enquiry that was stored without one. */
export const handler = middy().handler(async () => {
  const result = await startStrandedEnquiries({ repository, startWorkflow: (id) => startCommissionWorkflow(sfn, machine, id) });
  if (result.started.length > 0) logger.warn('stranded enquiries started', { commissionIds: result.started });
  return { examined: result.examined, started: result.started.length };
});
