/**
 * Every event a commission's history records, and who writes it. The schema stores `event` as a
 * plain string (old records may hold others); this union is what the code writes today, so the
 * labels for people (labels.ts) cannot miss one. test/domain/labels.test.ts checks it against
 * the code that writes history.
 */
export type HistoryEvent =
  /** intake.ts: a new commission. */
  | 'enquiry-received'
  /** intake.ts: the customer confirmed the enquiry (the link in the confirmation email). */
  | 'enquiry-confirmed'
  /** decisions.ts, from stages.ts's DECISION_EVENT: a designer's decision. */
  | 'approved'
  | 'changes-requested'
  | 'cancelled'
  /** decisions.ts: the studio proposed a design to the customer (a re-proposal supersedes the last). */
  | 'proposed'
  /** chase-stalled-stage.ts: the customer has not answered a proposal: reminded, the studio told, the proposal lapsed. */
  | 'customer-reminded'
  | 'customer-not-answering'
  | 'proposal-lapsed'
  /** decisions.ts: a claimed decision taken back because no workflow waited for it. */
  | 'decision-not-delivered'
  /** enter-stage.ts: the customer's email for the stage was sent. */
  | 'customer-notified'
  /** renew-status-link.ts: a designer replaced the customer's status link (older links stop working). */
  | 'status-link-renewed'
  /** payments.ts: the studio recorded a payment (deposit, balance or refund). */
  | 'payment-recorded'
  /** mailer.ts: SES refused an email for good. */
  | 'email-failed'
  /** chase-stalled-stage.ts: an overdue decision chased. */
  | 'studio-reminded'
  | 'escalated'
  /** record-failure.ts: the workflow stopped. */
  | 'workflow-failed'
  | 'workflow-abandoned'
  /** erasure.ts: the customer's personal data erased (on request, or when retention ran out). */
  | 'personal-data-erased';
