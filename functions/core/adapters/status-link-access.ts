/**
 * What a customer's signed link opens: the commission is read first (the link is checked against
 * its current link version), then the link checked, then whether there is still a commission to
 * show. One path for every route behind the status link (the page, the design answer, the images,
 * the uploads); each answers the outcome in its own form (a page, JSON, a plain 403).
 */
import { CommissionId, type Commission } from '#domain/schemas';
import { logger } from '#lib/logger';
import type { LinkCheck, StatusLinks } from './status-links.ts';

export type StatusLinkAccess =
  | { outcome: 'open'; commission: Commission }
  | { outcome: Exclude<LinkCheck, 'valid'> | 'unknown' }
  | { outcome: 'erased'; commission: Commission };

export async function openByStatusLink(
  commissions: { get(id: string): Promise<Commission | undefined> },
  links: StatusLinks,
  id: string,
  query: { expires?: string; sig?: string },
): Promise<StatusLinkAccess> {
  const commission = CommissionId.safeParse(id).success ? await commissions.get(id) : undefined;
  const check = await links.check(id, commission?.statusLinkVersion ?? 1, query.expires, query.sig);
  if (check !== 'valid') {
    logger.info('status link refused', { outcome: check });
    return { outcome: check };
  }
  if (!commission) return { outcome: 'unknown' };
  if (commission.erasure) return { outcome: 'erased', commission };
  return { outcome: 'open', commission };
}
