/**
 * The messages of the log lines that CloudWatch metric filters count
 * (infra/constructs/business-metrics.ts). One spelling, shared by the code that writes each line
 * and the filter that reads it, so a reworded message cannot silently zero a metric.
 */
export const LOG_EVENT = {
  enquiryAccepted: 'enquiry accepted',
  decisionRecorded: 'decision recorded',
  stalledStageChased: 'stalled stage chased',
  workflowStopped: 'commission workflow stopped',
  emailSent: 'email sent',
  emailDeferred: 'email deferred',
  emailRefused: 'email refused',
} as const;
