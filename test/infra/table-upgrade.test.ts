/**
 * The commission table's indexes, and the steps that upgrade a table deployed before the queue
 * index projected only the queue's fields (CloudFormation adds or removes one GSI per update).
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { STAGE_INDEX, START_PENDING_INDEX } from '../../functions/core/adapters/table-keys.ts';
import { CommissionTable, TABLE_UPGRADE_STEP_CONTEXT } from '../../infra/constructs/commission-table.ts';

function indexesOf(step?: string) {
  const app = new App({ context: step === undefined ? {} : { [TABLE_UPGRADE_STEP_CONTEXT]: step } });
  const stack = new Stack(app, 'T');
  new CommissionTable(stack, 'Table');
  const [table] = Object.values(Template.fromStack(stack).findResources('AWS::DynamoDB::Table')) as { Properties: { GlobalSecondaryIndexes: { IndexName: string; Projection: unknown }[] } }[];
  return Object.fromEntries(table!.Properties.GlobalSecondaryIndexes.map((gsi) => [gsi.IndexName, gsi.Projection]));
}

describe('the table indexes', () => {
  it('project only the queue fields into the queue index, and only keys into the start-pending index', () => {
    expect(indexesOf()).toEqual({
      [STAGE_INDEX]: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['queueEntry', 'awaiting', 'stageEnteredAt'] },
      [START_PENDING_INDEX]: { ProjectionType: 'KEYS_ONLY' },
    });
  });

  it('upgrade an older table one GSI per deploy: add the queue index, add the start-pending index, drop byStage', () => {
    const before = ['byStage'];
    const steps = [indexesOf('1'), indexesOf('2'), indexesOf()].map((indexes) => Object.keys(indexes).sort());
    expect(steps).toEqual([
      ['byStage', STAGE_INDEX].sort(),
      ['byStage', STAGE_INDEX, START_PENDING_INDEX].sort(),
      [STAGE_INDEX, START_PENDING_INDEX].sort(),
    ]);
    // Each deploy adds or removes exactly one index.
    for (const [from, to] of [[before, steps[0]!], [steps[0]!, steps[1]!], [steps[1]!, steps[2]!]] as const) {
      const changed = [...from.filter((i) => !to.includes(i)), ...to.filter((i) => !from.includes(i))];
      expect(changed).toHaveLength(1);
    }
    expect(indexesOf('1').byStage).toEqual({ ProjectionType: 'ALL' });
    expect(() => indexesOf('3')).toThrow(/tableUpgradeStep/);
  });
});
