/**
 * How large a file may be and how many a commission may hold: plain numbers, shared by the
 * schemas (customer-schemas.ts) and the files' rules (attachments.ts) without a schema library.
 */
export const MAX_ATTACHMENT_BYTES = 15 * 1024 * 1024;
/** Files a commission may hold in all, and of those the customer's own inspiration images. */
export const MAX_ATTACHMENTS = 20;
export const MAX_CUSTOMER_ATTACHMENTS = 5;
