/**
 * The opt-in DynamoDB capacity accounting the cost benchmark relies on: off by default (the
 * client is untouched), on with DYNAMODB_CAPACITY_ACCOUNTING, summing what dynalite reports.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CAPACITY_ACCOUNTING_ENV, capacityTally, resetCapacityTally } from '#adapters/capacity';
import { newCommission } from '#domain/intake';
import { CommissionStore } from '#adapters/commission-store';
import { documentClient } from '#adapters/dynamo';
import { Enquiry } from '#domain/schemas';
import { enquiry } from '../support/fixtures.ts';
import { useLocalServices } from '../support/local-env.ts';

let tableName: string;
beforeAll(async () => {
  ({ tableName } = await useLocalServices());
});
afterEach(() => {
  delete process.env[CAPACITY_ACCOUNTING_ENV];
  resetCapacityTally();
});

const commission = () => newCommission(randomUUID(), Enquiry.parse(enquiry()), new Date().toISOString());

describe('capacity accounting', () => {
  it('is off unless asked for', async () => {
    const commissions = new CommissionStore(documentClient(), tableName);
    await commissions.create(commission(), 2_000_000_000);
    expect(capacityTally()).toEqual({ readUnits: 0, writeUnits: 0, calls: {}, conditionFailures: 0 });
  });

  it('sums read and write units, and counts a refused conditional write as one', async () => {
    process.env[CAPACITY_ACCOUNTING_ENV] = '1';
    const commissions = new CommissionStore(documentClient(), tableName);
    const c = commission();
    expect(await commissions.create(c, 2_000_000_000)).toBe(true);
    expect(await commissions.get(c.id)).toMatchObject({ id: c.id });
    expect(await commissions.create(c, 2_000_000_000)).toBe(false);
    const tally = capacityTally();
    expect(tally.calls).toEqual({ PutItemCommand: 2, GetItemCommand: 1 });
    expect(tally.readUnits).toBe(1); // a consistent read of an item under 4 KB
    expect(tally.writeUnits).toBe(2); // one write under 1 KB, one refused
    expect(tally.conditionFailures).toBe(1);
  });
});
