/**
 * A fault injector in front of aws-ses-v2-local: SES faults that the real local outbox cannot
 * produce (throttling, 5xx, a permanent refusal of one address). Requests it lets through reach
 * the real outbox unchanged.
 */
import { startFaultProxy } from './fault-proxy.ts';

type Fault = { status: number; code: string; message: string };
type SendAttempt = { to: string; subject: string; configurationSet: string | null };

export const faults = {
  throttling: { status: 400, code: 'Throttling', message: 'Maximum sending rate exceeded.' },
  unavailable: { status: 503, code: 'ServiceUnavailable', message: 'Service is unavailable.' },
  rejected: { status: 400, code: 'MessageRejected', message: 'Email address is not verified.' },
} satisfies Record<string, Fault>;

const errorXml = (fault: Fault) =>
  `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>${fault.status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${fault.code}</Code><Message>${fault.message}</Message></Error><RequestId>fault-injected</RequestId></ErrorResponse>`;

export async function startFaultySes(target: string) {
  const plan: { fault: Fault; remaining: number; to?: string; subject?: RegExp }[] = [];
  let injected = 0;
  const sends: SendAttempt[] = [];
  const proxy = await startFaultProxy(target, (_request, body, response) => {
    const form = new URLSearchParams(body.toString('utf8'));
    const recipient = form.get('Destination.ToAddresses.member.1') ?? undefined;
    if (form.get('Action') === 'SendEmail') {
      sends.push({ to: recipient ?? '', subject: form.get('Message.Subject.Data') ?? '', configurationSet: form.get('ConfigurationSetName') });
    }
    const subject = form.get('Message.Subject.Data') ?? '';
    const rule = plan.find((r) => r.remaining > 0 && (r.to === undefined || r.to === recipient) && (r.subject === undefined || r.subject.test(subject)));
    if (!rule) return false;
    rule.remaining -= 1;
    injected += 1;
    response.writeHead(rule.fault.status, { 'content-type': 'text/xml' }).end(errorXml(rule.fault));
    return true;
  });
  return {
    ...proxy,
    /** The next `times` sends (to `to`, and with a subject matching `subject`, if given) fail with `fault`. */
    fail(fault: Fault, times: number, to?: string, subject?: RegExp) {
      plan.push({ fault, remaining: times, ...(to && { to }), ...(subject && { subject }) });
    },
    /** Every SendEmail that reached the proxy, refused or not, oldest first: attempts, not deliveries. */
    attemptsTo(address: string): SendAttempt[] {
      return sends.filter((s) => s.to === address);
    },
    get injected() {
      return injected;
    },
  };
}
