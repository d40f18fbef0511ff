/**
 * What a customer's link that does not open their page (or take their answer) is told: 403 for
 * every link that does not check out, 404 for no such commission, 410 once its details are erased.
 * Shared by every route behind the status link (core/adapters/status-link-access.ts).
 */
import type { Refusal } from './frame.ts';

const FRESH_LINK = 'Reply to any of our emails and we will send you a fresh link.';
const QUESTIONS = 'If you have a question, reply to any of our emails.';

/** What a link that does not open the page (or take an answer) is told: 403 for every link that does not check out. */
export const REFUSALS: Record<'expired' | 'revoked' | 'tampered' | 'unknown' | 'erased' | 'expiredRecord' | 'failed', Refusal> = {
  tampered: {
    status: 403,
    code: 'link_invalid',
    title: 'This link does not work',
    message: 'The link is incomplete or has been changed. Please open it again from the email we sent you, in full.',
    footer: FRESH_LINK,
  },
  expired: {
    status: 403,
    code: 'link_expired',
    title: 'This link has expired',
    message: 'For your privacy, the links in our emails stop working after a while.',
    footer: FRESH_LINK,
  },
  revoked: {
    status: 403,
    code: 'link_replaced',
    title: 'This link has been replaced',
    message: 'The studio has sent you a newer link to this page. Please use the link in our most recent email.',
    footer: FRESH_LINK,
  },
  unknown: {
    status: 404,
    code: 'not_found',
    title: 'We cannot find this commission',
    message: 'Please check that you opened the whole link from our email.',
    footer: 'If it still does not work, reply to any of our emails and we will look into it.',
  },
  erased: {
    status: 410,
    code: 'erased',
    title: 'This commission has been removed',
    message: 'Your details were removed at your request.',
    footer: QUESTIONS,
  },
  expiredRecord: {
    status: 410,
    code: 'erased',
    title: 'This commission has been removed',
    message: 'We keep the details of a closed commission only for a limited time; they have now been removed.',
    footer: QUESTIONS,
  },
  failed: { status: 500, code: 'internal_error', title: 'Something went wrong on our side', message: 'Please try again in a few minutes.' },
};

