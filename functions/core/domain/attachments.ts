/**
 * Files kept with a commission (sketches, renders, photos, documents, the customer's inspiration
 * images): where each lives in the bucket, how many a commission may hold, who may see which, and
 * what a landed object must be to count as the file declared. Pure: `now` is always passed in.
 */
import { conflict } from '#lib/errors';
import type { Attachment, AttachmentContentType, CustomerAttachmentRequest, StudioAttachmentRequest } from './customer-schemas.ts';
import type { Commission } from './schemas.ts';

import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, MAX_CUSTOMER_ATTACHMENTS } from './attachment-limits.ts';

// No zod here (types only): check-upload's bundle carries this module and not the schemas.
export { MAX_ATTACHMENTS, MAX_CUSTOMER_ATTACHMENTS };

const KEY_PREFIX = 'commissions/';

/** The object's key: the commission's folder, then the attachment's id (never the file's name). */
const objectKeyOf = (commissionId: string, attachmentId: string) => `${KEY_PREFIX}${commissionId}/${attachmentId}`;
/** Every object of a commission lies under this prefix (erasure deletes them all). */
export const objectPrefixOf = (commissionId: string) => `${KEY_PREFIX}${commissionId}/`;

const KEY_PATTERN = /^commissions\/([0-9a-f-]{36})\/([0-9a-f-]{36})$/;
/** The commission and attachment an object key names; undefined for any other key. */
export function parseObjectKey(key: string): { commissionId: string; attachmentId: string } | undefined {
  const match = KEY_PATTERN.exec(key);
  return match ? { commissionId: match[1]!, attachmentId: match[2]! } : undefined;
}

/** How long an upload grant (the presigned POST) stays usable. */
export const UPLOAD_GRANT_SECONDS = 15 * 60;
/** How long a presigned GET (the redirect of an attachment link) stays usable. */
export const DOWNLOAD_LINK_SECONDS = 5 * 60;

/** Stages in which the customer may add inspiration images: before the design is agreed. */
export const CUSTOMER_UPLOAD_STAGES: readonly string[] = ['ENQUIRY', 'DESIGN'];
/** Stages in which the studio may add files: any open one. */
export const STUDIO_UPLOAD_STAGES: readonly string[] = ['ENQUIRY', 'DESIGN', 'SOURCING', 'MAKING', 'DELIVERY'];

const countAttachments = (commission: Pick<Commission, 'attachments'>) => {
  const all = Object.values(commission.attachments ?? {}).filter((a) => a.status !== 'rejected');
  return { all: all.length, customer: all.filter((a) => a.addedBy === 'customer').length };
};

/** A designer's new file, pending until its object lands and is checked. Refuses past the limit. */
export function newStudioAttachment(commission: Commission, id: string, request: StudioAttachmentRequest, now: Date): Attachment {
  assertOpen(commission);
  if (countAttachments(commission).all >= MAX_ATTACHMENTS) throw tooMany();
  return { id, ...request, status: 'pending', addedBy: 'studio', objectKey: objectKeyOf(commission.id, id), createdAt: now.toISOString() };
}

/** The customer's inspiration image: only while the commission is in ENQUIRY or DESIGN, at most five. */
export function newCustomerAttachment(commission: Commission, id: string, request: CustomerAttachmentRequest, now: Date): Attachment {
  assertOpen(commission);
  if (!CUSTOMER_UPLOAD_STAGES.includes(commission.stage)) {
    throw conflict('uploads_closed', 'Images can be added while the enquiry or the design is open');
  }
  const counts = countAttachments(commission);
  if (counts.all >= MAX_ATTACHMENTS) throw tooMany();
  if (counts.customer >= MAX_CUSTOMER_ATTACHMENTS) {
    throw conflict('too_many_attachments', `A customer may add at most ${MAX_CUSTOMER_ATTACHMENTS} images`);
  }
  return {
    id,
    stage: commission.stage as Attachment['stage'],
    kind: 'inspiration',
    ...request,
    status: 'pending',
    visibleToCustomer: true,
    addedBy: 'customer',
    objectKey: objectKeyOf(commission.id, id),
    createdAt: now.toISOString(),
  };
}

function assertOpen(commission: Commission) {
  if (commission.erasure) throw conflict('erased', "The customer's personal data was erased");
  if (commission.stage === 'COMPLETED' || commission.stage === 'CANCELLED') throw conflict('commission_closed', 'The commission is closed');
}

const tooMany = () => conflict('too_many_attachments', `A commission may hold at most ${MAX_ATTACHMENTS} files`);

/** What the customer may open: their own inspiration and what the studio chose to show, once checked. */
export const customerMaySee = (attachment: Attachment) =>
  attachment.status === 'ready' && (attachment.visibleToCustomer || attachment.kind === 'inspiration');

/** The object as it landed in the bucket: its size and the type its leading bytes say it is. */
export interface LandedObject {
  bytes: number;
  /** What the leading bytes are (file-type's mime), or undefined if they match no known type. */
  detectedType: string | undefined;
}

export type CheckOutcome = { status: 'ready' } | { status: 'rejected'; rejection: string };

/**
 * Whether a landed object is the file declared: exactly the declared size (the upload policy pins
 * it on AWS, but the local emulator does not enforce policies, so it is checked here too), no more
 * than the limit, and leading bytes of the declared type.
 */
export function checkLanded(declared: { bytes: number; contentType: AttachmentContentType }, landed: LandedObject): CheckOutcome {
  if (landed.bytes > MAX_ATTACHMENT_BYTES) return { status: 'rejected', rejection: 'The file is larger than 15 MB' };
  if (landed.bytes !== declared.bytes) return { status: 'rejected', rejection: 'The file is not the size declared' };
  if (landed.detectedType !== declared.contentType) {
    return { status: 'rejected', rejection: `The file's content is not ${declared.contentType}` };
  }
  return { status: 'ready' };
}

/** How many leading bytes the type check reads (enough for every signature below). */
export const SNIFF_BYTES = 16;

const startsWith = (head: Uint8Array, bytes: readonly number[], at = 0) => bytes.every((byte, i) => head[at + i] === byte);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/**
 * The type a file's leading bytes say it is, among the four an upload may declare; undefined for
 * anything else. Written out rather than taken from file-type: it detects ~200 formats, and its
 * zip inflater, text codecs and debug logging made check-upload ~20 KB larger than the bundle
 * budget allows, for four signatures. test/domain/file-signatures.test.ts holds this to
 * file-type's verdict on the same bytes.
 */
export function sniffContentType(head: Uint8Array): AttachmentContentType | undefined {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(head, ascii('%PDF'))) return 'application/pdf';
  return undefined;
}
