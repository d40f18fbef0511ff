/** Reading the local outbox (aws-ses-v2-local's `GET /store`) as a customer reads their mail. */
import type { OutboxEmail } from './local-env.ts';

/** Every email the outbox at `sesUrl` holds for `address`, oldest first. */
export async function outboxFor(sesUrl: string, address: string): Promise<OutboxEmail[]> {
  const response = await fetch(`${sesUrl}/store`);
  const { emails } = (await response.json()) as { emails: OutboxEmail[] };
  return emails.filter((email) => email.destination.to.includes(address));
}

/** The confirmation link of the (one) confirmation email among `emails` (about commission `id`, if given), as its text part gives it. */
export function confirmLinkIn(emails: OutboxEmail[], id?: string): string {
  const confirmations = emails.filter(
    (email) => /confirm your enquiry/i.test(email.subject) && (id === undefined || (email.body.text ?? '').includes(`/confirm/${id}?`)),
  );
  if (confirmations.length !== 1) throw new Error(`expected one confirmation email, found ${confirmations.length}`);
  const link = /https?:\/\/\S+\/confirm\/[^\s"<]+/.exec(confirmations[0]!.body.text ?? '')?.[0];
  if (!link) throw new Error('the confirmation email carries no confirmation link');
  return link;
}

/**
 * Confirms the enquiry emailed to `address` over HTTP, as the customer's browser does: POST to
 * the emailed link (the page's form), the 303 not followed. The answer's status and Location.
 */
export async function confirmFromOutbox(sesUrl: string, address: string, id?: string): Promise<{ status: number; location: string | null; requestId: string }> {
  const link = confirmLinkIn(await outboxFor(sesUrl, address), id);
  const response = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '', redirect: 'manual' });
  await response.arrayBuffer();
  return { status: response.status, location: response.headers.get('location'), requestId: response.headers.get('apigw-requestid') ?? '' };
}
