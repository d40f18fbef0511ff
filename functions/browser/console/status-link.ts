/**
 * The customer's private link: a designer can replace it (a customer forwarded it, or fears it
 * leaked). Every link sent before stops opening the status page and the customer is emailed the
 * new one; the request names the link generation the designer saw, so a double click renews once.
 */
import { api, ApiFailure, type Commission } from './api.ts';
import { confirmDialog, h } from './dom.ts';

type Notice = { kind: 'ok' | 'error'; text: string };

export function statusLinkCard(c: Commission, reload: (notice: Notice) => Promise<void>) {
  // Erased: no one to send a link to, and nothing for a link to show.
  const customer = c.customer;
  if (!customer) return false;
  const button = h('button', { class: 'button secondary', type: 'button' }, 'Send a new status link…');
  button.addEventListener('click', () => void (async () => {
    if (!(await confirmRenewal(customer.name))) return;
    button.setAttribute('disabled', '');
    try {
      await api(`/commissions/${encodeURIComponent(c.id)}/status-link`, { method: 'POST', body: JSON.stringify({ replacing: c.statusLinkVersion }) });
      await reload({ kind: 'ok', text: `A new status link has been emailed to ${customer.email}. Links sent before no longer work.` });
    } catch (error) {
      const text =
        error instanceof ApiFailure && error.code === 'status_link_changed'
          ? 'Someone replaced the link a moment ago. Here is the commission as it stands now.'
          : error instanceof Error ? error.message : 'The link could not be replaced.';
      await reload({ kind: 'error', text });
    }
  })());
  return h('section', { class: 'card' },
    h('h2', {}, 'The customer’s private link'),
    h('p', {}, 'If the customer forwarded their link or fears someone else has it, replace it: the old links stop working and they are emailed a new one.'),
    button);
}

function confirmRenewal(customerName: string): Promise<boolean> {
  return confirmDialog({
    title: `Replace ${customerName}’s status link?`,
    text: 'Every link to their status page sent so far will stop working. We will email them a new one.',
    yes: 'Replace and email',
    no: 'Keep the current link',
  });
}
