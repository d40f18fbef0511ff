/**
 * The commission table's keys and indexes, in one place: CDK builds the table from it and the
 * local runtime and tests create the same table in dynalite from it. The attribute and index
 * names are the ones the stores use (functions/core/adapters/table-keys.ts builds every key).
 *
 * Items (single-table design):
 * - `COMMISSION#<id>` / `COMMISSION`          the commission record, with its audit history (and
 *                                            its search keys: reference, hash of the customer's email)
 * - `COMMISSION#<id>` / `EMAIL#<kind>#<stage>#<revision>`  one email's send, e.g.
 *                                            `EMAIL#customer#DESIGN#1`: sending, sent or failed
 * - `IDEMPOTENCY#<sha256 of key>` / `IDEMPOTENCY`      an enquiry's Idempotency-Key, with a TTL
 * - `ORIGINS` / `ORIGIN#<name>#<country>`    one certified origin of the registry (name and country
 *                                            normalized, URI-encoded); one partition, listed by one Query
 * - `CERTIFICATE#<certificate id>` / `CERTIFICATE`  a completed piece's provenance certificate (public)
 * - `ORIGINS` / `NOTICE#<origin>#<scheme>#<verification>#<reason>`  a notice sent about a certification
 * - `STUDIO` / `LICENCES`                  the studio's licences
 * - `SOURCED#<year>` / `COMMISSION#<id>`   a note that the commission sourced Fairtrade metal that year
 *
 * Functions are granted these by family of partition keys (functions/catalogue.ts, access.table).
 */
import {
  EXPIRES_AT,
  PARTITION_KEY,
  QUEUE_PROJECTION,
  SEARCH_EMAIL_ATTRIBUTE,
  SEARCH_EMAIL_INDEX,
  SEARCH_PROJECTION,
  SEARCH_REFERENCE_ATTRIBUTE,
  SEARCH_REFERENCE_INDEX,
  SEARCH_SORT_KEY,
  SORT_KEY,
  STAGE_ATTRIBUTE,
  STAGE_INDEX,
  STAGE_SORT_KEY,
  START_PENDING_ATTRIBUTE,
  START_PENDING_INDEX,
  START_PENDING_SORT_KEY,
} from '#adapters/table-keys';

/**
 * A global secondary index: its keys (both strings) and what it projects besides the keys:
 * `ALL`, `KEYS_ONLY`, or the names of the attributes it includes.
 */
export interface IndexDesign {
  partitionKey: string;
  sortKey: string;
  projection: 'ALL' | 'KEYS_ONLY' | readonly string[];
}

export const tableDesign = {
  partitionKey: PARTITION_KEY,
  sortKey: SORT_KEY,
  /** Items with this epoch-seconds attribute are deleted by DynamoDB's TTL after that time. */
  timeToLiveAttribute: EXPIRES_AT,
  indexes: {
    /**
     * The designers' queue for one stage, oldest in stage first. Only a confirmed commission
     * record carries `stageSortKey`, so the index holds nothing else; it projects only what the
     * queue shows (never the task token, the customer's email or phone, the description).
     */
    [STAGE_INDEX]: { partitionKey: STAGE_ATTRIBUTE, sortKey: STAGE_SORT_KEY, projection: QUEUE_PROJECTION },
    /**
     * Confirmed enquiries whose workflow has not started, oldest confirmation first: only they
     * carry its keys, so the reconciler reads a handful of keys however many enquiries there are.
     */
    [START_PENDING_INDEX]: { partitionKey: START_PENDING_ATTRIBUTE, sortKey: START_PENDING_SORT_KEY, projection: 'KEYS_ONLY' },
    /**
     * A commission by its reference (the first eight characters of its id), newest first. Projects
     * a queue line only: never the email, the phone, the description or the task token.
     */
    [SEARCH_REFERENCE_INDEX]: { partitionKey: SEARCH_REFERENCE_ATTRIBUTE, sortKey: SEARCH_SORT_KEY, projection: SEARCH_PROJECTION },
    /** A customer's commissions by the hash of their email address (never the address itself), newest first. */
    [SEARCH_EMAIL_INDEX]: { partitionKey: SEARCH_EMAIL_ATTRIBUTE, sortKey: SEARCH_SORT_KEY, projection: SEARCH_PROJECTION },
  } satisfies Record<string, IndexDesign>,
} as const;
