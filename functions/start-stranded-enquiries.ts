import middy from '@middy/core';
import { stateMachineArn, tableName } from '#core/config';
import { startStrandedEnquiries } from '#core/intake';
import { logger } from '#core/logger';
import { CommissionRepository, documentClient } from '#core/repository';
import { sfnClient, startCommissionWorkflow } from '#core/workflow';

const repository = new CommissionRepository(documentClient(), tableName());
const sfn = sfnClient();
const machine = stateMachineArn();

/** Scheduled: starts the workflow of every enquiry that was stored without one. */
export const handler = middy().handler(async () => {
  const result = await startStrandedEnquiries({ repository, startWorkflow: (id) => startCommissionWorkflow(sfn, machine, id) });
  if (result.started.length > 0) logger.warn('stranded enquiries started', { commissionIds: result.started });
  return { examined: result.examined, started: result.started.length };
});
