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
import { tableDesign, type IndexDesign } from '../table-design.ts';

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
    for (const [indexName, index] of Object.entries(tableDesign.indexes) as [string, IndexDesign][]) {
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
