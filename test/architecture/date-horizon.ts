/**
 * Finds the date literals in the seed data and the tests that will stop being in the future
 * soon. A fixture dated "next year" is a test that passes today and fails, with no code change,
 * on the day it names (the seeded certifications that all ended on the last day of 2027 were exactly that). Past dates
 * stay past and far-future sentinels are harmless, so only a date after today and within the
 * horizon is reported.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface HorizonDate {
  file: string;
  line: number;
  date: string;
}

// A calendar date, optionally followed by a time (full ISO timestamps). Not preceded or followed
// by a digit, so parts of longer numbers (ids, hashes) do not count.
const DATE = /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?!\d)/g;

/** `day` (YYYY-MM-DD) moved by whole years; 29 February lands on 1 March in a common year. */
export function addYears(day: string, years: number): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  date.setUTCFullYear(date.getUTCFullYear() + years);
  return date.toISOString().slice(0, 10);
}

function isCalendarDay(year: string, month: string, day: string): boolean {
  const date = new Date(`${year}-${month}-${day}T00:00:00.000Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === `${year}-${month}-${day}`;
}

/** The dates in `text` after `today` and no later than `today` + `years`, with their line. */
export function datesWithinHorizon(text: string, file: string, today: string, years: number): HorizonDate[] {
  const horizon = addYears(today, years);
  const found: HorizonDate[] = [];
  text.split('\n').forEach((content, index) => {
    for (const match of content.matchAll(DATE)) {
      const [, year, month, day] = match as unknown as [string, string, string, string];
      if (!isCalendarDay(year, month, day)) continue;
      const date = `${year}-${month}-${day}`;
      if (date > today && date <= horizon) found.push({ file, line: index + 1, date: match[0] });
    }
  });
  return found;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((path) => !path.split(/[\\/]/).includes('node_modules'));
}

/**
 * The files whose dates the suite depends on: the seed data, everything under test/, and infra/
 * (the sample approvals the tests and the benchmark send, the benchmark's own scenarios).
 */
export function datedFiles(root: string): string[] {
  const data = readdirSync(join(root, 'functions/core/data'))
    .filter((name) => name.endsWith('.json'))
    .map((name) => join(root, 'functions/core/data', name));
  return [...data, ...filesUnder(join(root, 'test')), ...filesUnder(join(root, 'infra'))].sort();
}

export function scanForHorizonDates(root: string, today: string, years: number): HorizonDate[] {
  return datedFiles(root).flatMap((path) => {
    const bytes = readFileSync(path);
    if (bytes.includes(0)) return []; // screenshots and other binaries
    return datesWithinHorizon(bytes.toString('utf8'), relative(root, path), today, years);
  });
}

export interface ClockRead {
  file: string;
  line: number;
  code: string;
}

// Reading the current time: `new Date()` with no argument, `Date.now()`, and the other clocks.
const CLOCK = /\bnew Date\(\s*\)|\bDate\.now\(|\bperformance\.now\(|\bprocess\.hrtime\b|\bTemporal\.Now\b/;

/** The lines of `text` that read the clock; comment lines do not count. */
export function clockReads(text: string, file: string): ClockRead[] {
  return text.split('\n').flatMap((content, index) => {
    const code = content.replace(/\/\/.*$/, '').trim();
    if (code.startsWith('*') || code.startsWith('/*') || !CLOCK.test(code)) return [];
    return [{ file, line: index + 1, code }];
  });
}

/** Clock reads in the pure rooms: the domain and the renderers of emails and pages. */
export function clockReadsInPureCode(root: string): ClockRead[] {
  return ['functions/core/domain', 'functions/core/email', 'functions/core/pages']
    .flatMap((dir) => filesUnder(join(root, dir)))
    .filter((path) => path.endsWith('.ts'))
    .sort()
    .flatMap((path) => clockReads(readFileSync(path, 'utf8'), relative(root, path)));
}
