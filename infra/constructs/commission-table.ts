/**
 * The commission table, built from infra/table-design.ts (keys, TTL, indexes): on-demand,
 * point-in-time recoverable, and kept whatever happens to the stack.
 *
 * A Table subclass rather than a wrapper, so the table sits at the same construct path, and so
 * keeps the same logical ID, as when the stack built it inline: a new logical ID would make
 * CloudFormation create an empty table beside the retained one.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { SEARCH_REFERENCE_INDEX, STAGE_INDEX, START_PENDING_INDEX } from '../../functions/core/adapters/table-keys.ts';
import { tableDesign, type IndexDesign } from '../table-design.ts';

/**
 * Upgrading a deployed table: CloudFormation adds or removes one GSI per stack update, so each
 * step below differs from the one before by one index (docs/operations.md, "Upgrading a deployed
 * stack"). A table from before the queue index projected only the queue's fields deploys
 * `tableUpgradeStep=1`, `=2`, `=3`, `=4`, then without it; a table that already has the queue and
 * start-pending indexes (and not the search indexes) deploys `=4`, then without it.
 *  1: the old `byStage` index and the new queue index
 *  2: … and the start-pending index
 *  3: without `byStage`
 *  4: … and the search-by-reference index
 *  (unset): … and the search-by-email index: every index of infra/table-design.ts
 */
export const TABLE_UPGRADE_STEP_CONTEXT = 'tableUpgradeStep';
/** The queue index as it was before: every attribute projected. */
const LEGACY_QUEUE_INDEX = 'byStage';

function indexesFor(step: unknown): [string, IndexDesign][] {
  const indexes = Object.entries(tableDesign.indexes) as [string, IndexDesign][];
  if (step === undefined) return indexes;
  const legacy: [string, IndexDesign] = [LEGACY_QUEUE_INDEX, { ...tableDesign.indexes[STAGE_INDEX], projection: 'ALL' }];
  const only = (...names: string[]) => indexes.filter(([name]) => names.includes(name));
  // `-c tableUpgradeStep=1` arrives as a string, cdk.json's context as a number.
  const value = JSON.stringify(step).replaceAll('"', '');
  if (value === '1') return [legacy, ...only(STAGE_INDEX)];
  if (value === '2') return [legacy, ...only(STAGE_INDEX, START_PENDING_INDEX)];
  if (value === '3') return only(STAGE_INDEX, START_PENDING_INDEX);
  if (value === '4') return only(STAGE_INDEX, START_PENDING_INDEX, SEARCH_REFERENCE_INDEX);
  throw new Error(`Context ${TABLE_UPGRADE_STEP_CONTEXT} must be 1, 2, 3 or 4 (or unset), not ${value}`);
}

export class CommissionTable extends dynamodb.Table {
  constructor(scope: Construct, id: string) {
    super(scope, id, {
      partitionKey: { name: tableDesign.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: tableDesign.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: tableDesign.timeToLiveAttribute,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      // The commissions and their audit history are the business record: never delete them with
      // the stack, and refuse a delete of the table itself.
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
    });
    for (const [indexName, index] of indexesFor(this.node.tryGetContext(TABLE_UPGRADE_STEP_CONTEXT))) {
      const { projection } = index;
      this.addGlobalSecondaryIndex({
        indexName,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        ...(typeof projection === 'string'
          ? { projectionType: projection === 'ALL' ? dynamodb.ProjectionType.ALL : dynamodb.ProjectionType.KEYS_ONLY }
          : { projectionType: dynamodb.ProjectionType.INCLUDE, nonKeyAttributes: [...projection] }),
      });
    }
  }
}
