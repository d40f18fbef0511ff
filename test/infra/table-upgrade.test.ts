/**
 * The commission table's indexes, and the steps that upgrade a deployed table (CloudFormation adds
 * or removes one GSI per update): one from before the queue index projected only the queue's
 * fields, and one from before the search indexes.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { SEARCH_EMAIL_INDEX, SEARCH_REFERENCE_INDEX, STAGE_INDEX, START_PENDING_INDEX } from '../../functions/core/adapters/table-keys.ts';
import { CommissionTable, TABLE_UPGRADE_STEP_CONTEXT } from '../../infra/constructs/commission-table.ts';

function indexesOf(step?: string) {
  const app = new App({ context: step === undefined ? {} : { [TABLE_UPGRADE_STEP_CONTEXT]: step } });
  const stack = new Stack(app, 'T');
  new CommissionTable(stack, 'Table');
  const [table] = Object.values(Template.fromStack(stack).findResources('AWS::DynamoDB::Table')) as { Properties: { GlobalSecondaryIndexes: { IndexName: string; Projection: unknown }[] } }[];
  return Object.fromEntries(table!.Properties.GlobalSecondaryIndexes.map((gsi) => [gsi.IndexName, gsi.Projection]));
}

describe('the table indexes', () => {
  it('project only the queue fields into the queue and search indexes, and only keys into the start-pending index', () => {
    const search = { ProjectionType: 'INCLUDE', NonKeyAttributes: ['queueEntry', 'awaiting', 'stageEnteredAt', 'stage', 'confirmedAt'] };
    expect(indexesOf()).toEqual({
      [STAGE_INDEX]: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['queueEntry', 'awaiting', 'stageEnteredAt'] },
      [START_PENDING_INDEX]: { ProjectionType: 'KEYS_ONLY' },
      [SEARCH_REFERENCE_INDEX]: search,
      [SEARCH_EMAIL_INDEX]: search,
    });
  });

  it('upgrade an older table one GSI per deploy: add the queue index, add the start-pending index, drop byStage, add the two search indexes', () => {
    const before = ['byStage'];
    const steps = [indexesOf('1'), indexesOf('2'), indexesOf('3'), indexesOf('4'), indexesOf()].map((indexes) => Object.keys(indexes).sort());
    expect(steps).toEqual([
      ['byStage', STAGE_INDEX].sort(),
      ['byStage', STAGE_INDEX, START_PENDING_INDEX].sort(),
      [STAGE_INDEX, START_PENDING_INDEX].sort(),
      [STAGE_INDEX, START_PENDING_INDEX, SEARCH_REFERENCE_INDEX].sort(),
      [STAGE_INDEX, START_PENDING_INDEX, SEARCH_REFERENCE_INDEX, SEARCH_EMAIL_INDEX].sort(),
    ]);
    // Each deploy adds or removes exactly one index (a table with the queue and start-pending indexes starts at step 3's set).
    for (const [from, to] of [before, ...steps].slice(0, -1).map((from, i) => [from, steps[i]!] as const)) {
      const changed = [...from.filter((i) => !to.includes(i)), ...to.filter((i) => !from.includes(i))];
      expect(changed).toHaveLength(1);
    }
    expect(indexesOf('1').byStage).toEqual({ ProjectionType: 'ALL' });
    expect(() => indexesOf('5')).toThrow(/tableUpgradeStep/);
  });
});
