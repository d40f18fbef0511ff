/**
 * The enquiry quotas (reliability rule 11) against the real table in dynalite: counted atomically
 * per window, so concurrent enquiries at the edge of a limit admit exactly the limit, and a
 * spent quota answers with the seconds until its window ends.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiGatewayEvent } from '../../infra/local/api-gateway-event.ts';
import { invokeFunction } from '../../infra/local/lambda-context.ts';
import { enquiry } from '../support/fixtures.ts';
import { uniqueEmail, useLocalServices, type OutboxEmail } from '../support/local-env.ts';
import { ENV } from '#catalogue';
import { documentClient } from '#adapters/dynamo';
import { EnquiryQuotaCounters } from '#adapters/enquiry-quotas';
import { takeEnquiryQuotas } from '#domain/quotas';
import { TooManyRequests } from '#lib/errors';

let counters: EnquiryQuotaCounters;
let tableName: string;
let emailsTo: (address: string) => Promise<OutboxEmail[]>;
beforeAll(async () => {
  ({ tableName, emailsTo } = await useLocalServices());
  counters = new EnquiryQuotaCounters(documentClient(), tableName);
});

// Fixed instants (quota windows are plain arithmetic on epoch seconds; no date can expire).
const TEN_PAST = new Date(Date.UTC(2024, 0, 15, 9, 10, 0));
const limits = { perIp: 10, perEmail: 3 };

async function outcome(from: { ip: string; email: string }, at: Date) {
  try {
    await takeEnquiryQuotas(counters, from, limits, at);
    return 'admitted';
  } catch (error) {
    if (error instanceof TooManyRequests) return error.retryAfterSeconds;
    throw error;
  }
}

describe('enquiry quotas', () => {
  it('admits ten enquiries from one IP in an hour, refuses the eleventh until the hour ends, then admits again', async () => {
    const ip = '198.51.100.7';
    const answers = [];
    for (let n = 0; n < 11; n += 1) answers.push(await outcome({ ip, email: `buyer${n}@example.com` }, TEN_PAST));
    expect(answers.slice(0, 10)).toEqual(Array(10).fill('admitted'));
    // 09:10:00 → the window ends at 10:00:00.
    expect(answers[10]).toBe(50 * 60);
    expect(await outcome({ ip, email: 'later@example.com' }, new Date(Date.UTC(2024, 0, 15, 10, 0, 1)))).toBe('admitted');
  });

  it('admits exactly the limit of twenty concurrent enquiries at its edge', async () => {
    const ip = '198.51.100.8';
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, n) => outcome({ ip, email: `concurrent${n}@example.com` }, TEN_PAST)),
    );
    expect(answers.filter((a) => a === 'admitted')).toHaveLength(10);
    expect(answers.filter((a) => a === 50 * 60)).toHaveLength(10);
  });

  it('admits three enquiries per address a day, whatever its case, and charges no address when the IP is refused', async () => {
    const email = 'Ana.Lima@Example.com';
    const answers = [];
    for (let n = 0; n < 4; n += 1) answers.push(await outcome({ ip: `203.0.113.${n}`, email: n % 2 ? email.toLowerCase() : email }, TEN_PAST));
    // 09:10 → the day's window ends at midnight UTC: 14 h 50 min.
    expect(answers).toEqual(['admitted', 'admitted', 'admitted', (14 * 60 + 50) * 60]);

    const fresh = 'fresh@example.com';
    await takeEnquiryQuotas(counters, { ip: '203.0.113.50', email: 'x@example.com' }, { perIp: 1, perEmail: 3 }, TEN_PAST);
    await expect(takeEnquiryQuotas(counters, { ip: '203.0.113.50', email: fresh }, { perIp: 1, perEmail: 3 }, TEN_PAST)).rejects.toThrow(TooManyRequests);
    for (let n = 0; n < 3; n += 1) expect(await outcome({ ip: `203.0.113.${60 + n}`, email: fresh }, TEN_PAST)).toBe('admitted');
  });

  it('stores neither the IP nor the address, only their hashes, each counter with an expiry', async () => {
    await outcome({ ip: '192.0.2.99', email: 'private.person@example.com' }, TEN_PAST);
    const { Items = [] } = await documentClient().send(new ScanCommand({ TableName: tableName }));
    const quotaItems = Items.filter((item) => String(item.pk).startsWith('QUOTA#'));
    expect(quotaItems.length).toBeGreaterThan(0);
    const stored = JSON.stringify(quotaItems);
    expect(stored).not.toContain('192.0.2.99');
    expect(stored).not.toContain('private.person');
    for (const item of quotaItems) expect(item.expiresAt).toEqual(expect.any(Number));
  });
});

describe('POST /commissions within the quotas', () => {
  // Each test's requests happen at twenty past the current hour (the clock stands still there):
  // a run near the top of an hour must not split them across two quota windows.
  beforeEach(() => {
    const twentyPast = new Date();
    twentyPast.setUTCMinutes(20, 0, 0);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(twentyPast);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const submitFrom = (sourceIp: string, body: unknown, headers: Record<string, string> = {}) =>
    invokeFunction(
      'submit-enquiry',
      apiGatewayEvent('POST', '/commissions', 'POST /commissions', {
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json', ...headers },
        sourceIp,
      }),
    ) as Promise<{ statusCode: number; headers: Record<string, string>; body: string }>;

  it('answers the eleventh enquiry from one IP in an hour with 429 and Retry-After, storing and sending nothing for it', async () => {
    process.env[ENV.enquiryLimitPerIp] = '10';
    process.env[ENV.enquiryLimitPerEmail] = '3';
    try {
      const ip = '198.51.100.200';
      const addresses = Array.from({ length: 11 }, () => uniqueEmail('quota'));
      const answers = [];
      for (const email of addresses) answers.push(await submitFrom(ip, enquiry({ email })));
      expect(answers.slice(0, 10).map((a) => a.statusCode)).toEqual(Array(10).fill(201));
      const refused = answers[10]!;
      expect(refused.statusCode).toBe(429);
      expect(JSON.parse(refused.body)).toMatchObject({ error: { code: 'too_many_requests' } });
      const retryAfter = Number(refused.headers['retry-after']);
      // At twenty past, the hour's window ends in forty minutes.
      expect(retryAfter).toBe(40 * 60);
      expect(await emailsTo(addresses[10]!)).toEqual([]);

      // The same address from other networks: three a day, then 429.
      const email = uniqueEmail('one-address');
      const perAddress = [];
      for (let n = 0; n < 4; n += 1) perAddress.push((await submitFrom(`203.0.113.${100 + n}`, enquiry({ email }))).statusCode);
      expect(perAddress).toEqual([201, 201, 201, 429]);
    } finally {
      process.env[ENV.enquiryLimitPerIp] = '1000000';
      process.env[ENV.enquiryLimitPerEmail] = '1000000';
    }
  });

  it('answers a repeat with the same Idempotency-Key the same, without spending the quota again', async () => {
    process.env[ENV.enquiryLimitPerIp] = '1';
    try {
      const ip = '198.51.100.201';
      const body = enquiry({ email: uniqueEmail('repeat') });
      const first = await submitFrom(ip, body, { 'idempotency-key': 'quota-repeat-1' });
      expect(first.statusCode).toBe(201);
      const again = await submitFrom(ip, body, { 'idempotency-key': 'quota-repeat-1' });
      expect(again.statusCode).toBe(201);
      expect(JSON.parse(again.body)).toEqual(JSON.parse(first.body));
      // A new request from the same IP is over the limit; refused, it binds nothing to replay later.
      const other = enquiry({ email: uniqueEmail('repeat-other') });
      expect((await submitFrom(ip, other, { 'idempotency-key': 'quota-repeat-2' })).statusCode).toBe(429);
      expect((await submitFrom(ip, other, { 'idempotency-key': 'quota-repeat-2' })).statusCode).toBe(429);
    } finally {
      process.env[ENV.enquiryLimitPerIp] = '1000000';
    }
  });
});
