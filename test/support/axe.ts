/**
 * An automated accessibility check of the page as it is now: axe-core's rules (WCAG 2.0, 2.1
 * and 2.2 A and AA, and its best practices) run inside the page. Its source goes in through the
 * DevTools protocol (page.evaluate), which the pages' Content-Security-Policy does not govern: a
 * script tag would be refused, and the check must not loosen the policy it runs under.
 */
import axe from 'axe-core';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

interface AxeNode {
  target: unknown[];
  html: string;
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

/** What axe-core finds wrong with the page now, one readable line per element and rule. */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(axe.source);
  // As source text: the tests compile without the DOM's types (axe is the page's global).
  const violations = await page.evaluate<AxeViolation[]>(`axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    resultTypes: ['violations'],
  }).then((results) => results.violations.map(({ id, impact, help, helpUrl, nodes }) => ({
    id, impact, help, helpUrl, nodes: nodes.map(({ target, html, failureSummary }) => ({ target, html, failureSummary })),
  })))`);
  return violations.flatMap((v) =>
    v.nodes.map((node) => `${v.id} (${v.impact ?? 'n/a'}): ${v.help} — ${JSON.stringify(node.target)} ${node.html.slice(0, 160)}\n    ${(node.failureSummary ?? '').replaceAll('\n', '\n    ')}`),
  );
}

/** Fails the test, naming each element and rule, unless axe-core finds no violation on the page. */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  expect(await axeViolations(page), `axe-core on ${label} (${page.url()})`).toEqual([]);
}
