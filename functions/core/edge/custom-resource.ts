/**
 * The CloudFormation custom-resource protocol, for a catalogue function that runs on deploy
 * (`runOnDeploy`): CloudFormation invokes the function itself (no provider framework, so no
 * extra Lambda on an older runtime) and waits for a PUT of the outcome to the pre-signed
 * ResponseURL. Every path must answer — an unanswered request holds the deploy for an hour.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { logger } from '#lib/logger';

export const isCustomResourceEvent = (event: unknown): event is CloudFormationCustomResourceEvent =>
  typeof event === 'object' && event !== null && 'RequestType' in event && 'ResponseURL' in event;

/**
 * Runs `work` on Create and Update (Delete does nothing: reference data outlives the resource),
 * then answers CloudFormation. A failure fails the deploy, with the error's name as the reason.
 */
export async function answerCustomResource(
  event: CloudFormationCustomResourceEvent,
  physicalResourceId: string,
  work: () => Promise<Record<string, string | number>>,
): Promise<void> {
  let status: 'SUCCESS' | 'FAILED' = 'SUCCESS';
  let reason = 'done';
  let data: Record<string, string | number> = {};
  try {
    if (event.RequestType !== 'Delete') data = await work();
  } catch (error) {
    status = 'FAILED';
    reason = `${(error as Error).name}: ${(error as Error).message}`.slice(0, 500);
    logger.error('on-deploy work failed', { error: error as Error });
  }
  const body = JSON.stringify({
    Status: status,
    Reason: reason,
    PhysicalResourceId: physicalResourceId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    Data: data,
  });
  // The pre-signed S3 URL is signed without a content type: send none.
  const response = await fetch(event.ResponseURL, { method: 'PUT', body, headers: { 'content-type': '' } });
  if (!response.ok) throw new Error(`CloudFormation response refused: ${response.status}`);
}
