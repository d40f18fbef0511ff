/**
 * The commission table's keys and indexes, in one place: CDK builds the table from it and the
 * local runtime and tests create the same table in dynalite from it.
 *
 * Items (single-table design):
 * - `COMMISSION#<id>` / `COMMISSION`          the commission record, with its audit history
 * - `COMMISSION#<id>` / `EMAIL#<stage>#<rev>#<kind>`  marks one email as sent (idempotent sends)
 * - `IDEMPOTENCY#<sha256 of key>` / `IDEMPOTENCY`      an enquiry's Idempotency-Key, with a TTL
 * - `ORIGINS` / `ORIGIN#<name>#<country>`    one certified origin of the registry (name and country
 *                                            normalized, URI-encoded); one partition, listed by one Query
 * - `CERTIFICATE#<certificate id>` / `CERTIFICATE`  a completed piece's provenance certificate (public)
 */
export const tableDesign = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Items with this epoch-seconds attribute are deleted by DynamoDB's TTL after that time. */
  timeToLiveAttribute: 'expiresAt',
  indexes: {
    /**
     * The designers' queue for one stage, oldest in stage first. Only the commission record
     * carries `stage` and `stageEnteredAt`, so the index holds nothing else.
     */
    byStage: { partitionKey: 'stage', sortKey: 'stageSortKey' },
  },
} as const;
