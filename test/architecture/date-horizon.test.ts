/**
 * No seeded or fixture date may come due within the next five years. This test reads the wall
 * clock on purpose: it is the alarm that goes off years before a dated fixture would break the
 * suite (or the product) on its own. Fix a finding by giving the fixture a past date, computing
 * the date from the clock the test passes in, or using a far-future sentinel (2099-12-31).
 * And the domain (with the email and page renderers) reads no clock at all: "now" is a parameter
 * (reliability rule 9), so a test pins the day it means.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { addYears, clockReads, clockReadsInPureCode, datedFiles, datesWithinHorizon, scanForHorizonDates } from './date-horizon.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const YEARS = 5;
const today = new Date().toISOString().slice(0, 10);

describe('the date scanner', () => {
  // Dates built from today, so these checks hold on any day the suite runs.
  const nextYear = addYears(today, 1);
  const lastYear = addYears(today, -1);

  it('flags a date and a timestamp inside the horizon, naming the line', () => {
    const text = ['{', `  "validUntil": "${nextYear}",`, `  at: '${nextYear}T09:30:00.000Z',`, '}'].join('\n');
    expect(datesWithinHorizon(text, 'fixture.json', today, YEARS)).toEqual([
      { file: 'fixture.json', line: 2, date: nextYear },
      { file: 'fixture.json', line: 3, date: `${nextYear}T09:30:00.000Z` },
    ]);
  });

  it('flags the last day of the horizon and nothing after it', () => {
    const horizon = addYears(today, YEARS);
    const after = new Date(Date.parse(`${horizon}T00:00:00.000Z`) + 86_400_000).toISOString().slice(0, 10);
    expect(datesWithinHorizon(`${horizon} ${after}`, 'f', today, YEARS).map((d) => d.date)).toEqual([horizon]);
  });

  it('leaves past dates, today, far-future sentinels, impossible dates and longer numbers alone', () => {
    const text = `${lastYear} ${today} 2099-12-31 ${today.slice(0, 4)}-13-45 1${nextYear} ${nextYear}1`;
    expect(datesWithinHorizon(text, 'f', today, YEARS)).toEqual([]);
  });

  it('moves by whole years', () => {
    expect(addYears('2020-11-29', 5)).toBe('2025-11-29');
    expect(addYears('2024-02-29', 1)).toBe('2025-03-01');
    expect(addYears('2024-02-29', -4)).toBe('2020-02-29');
  });

  it('reads the seed data, the tests and infra, so the scan below is not vacuous', () => {
    const files = datedFiles(ROOT).map((path) => path.slice(ROOT.length));
    expect(files).toContain('functions/core/data/certified-origins.json');
    expect(files).toContain('test/architecture/date-horizon.test.ts');
    expect(files).toContain('infra/samples.ts');
    expect(files.some((path) => path.includes('node_modules'))).toBe(false);
  });
});

describe('the seed data and the test fixtures', () => {
  it(`hold no date between today and ${YEARS} years from now`, () => {
    const found = scanForHorizonDates(ROOT, today, YEARS).map(({ file, line, date }) => `${file}:${line} ${date}`);
    expect(found, `dates that come due within ${YEARS} years of ${today}`).toEqual([]);
  });
});

describe('the domain and the renderers', () => {
  it('are checked by a scanner that finds every way of reading the clock', () => {
    const text = [
      'export function decide(now = new Date()) {',
      '  const at = Date.now();',
      '  const t = performance.now();',
      '  // new Date() in a comment is fine',
      '   * as is Date.now() in a doc comment',
      '  return new Date(at).toISOString();',
      '}',
    ].join('\n');
    expect(clockReads(text, 'f.ts').map((read) => read.line)).toEqual([1, 2, 3]);
  });

  it('read no clock: now is passed in', () => {
    const found = clockReadsInPureCode(ROOT).map(({ file, line, code }) => `${file}:${line} ${code}`);
    expect(found).toEqual([]);
  });
});

// Set by `npm run test:future` from the real clock before faketime starts, so a run five years
// ahead in which libfaketime silently failed to load cannot pass as one.
const realEpochSeconds = process.env.TEST_REAL_EPOCH_SECONDS;

describe.runIf(realEpochSeconds)('the run five years ahead', () => {
  it('sees a clock about five years past the real one', () => {
    const aheadDays = (Date.now() / 1000 - Number(realEpochSeconds)) / 86_400;
    expect(aheadDays).toBeGreaterThanOrEqual(5 * 365);
    expect(aheadDays).toBeLessThan(5 * 365 + 1);
  });
});
