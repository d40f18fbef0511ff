/**
 * Collects every Content-Security-Policy violation in a browser context: the document's
 * `securitypolicyviolation` events and Chromium's console reports of refused loads and inline
 * styles or scripts. A page that still renders may have lost a style to its CSP: only this shows it.
 */
import type { BrowserContext, Page } from 'playwright-core';

export async function watchCspViolations(context: BrowserContext): Promise<string[]> {
  const seen: string[] = [];
  // Bindings and init scripts are injected by the DevTools protocol: the page's CSP cannot block them.
  await context.exposeBinding('reportCspViolation', ({ page }, text: string) => void seen.push(`${page.url()}: ${text}`));
  // As source text: the tests compile without the DOM's types.
  await context.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (event) => {
      reportCspViolation(event.effectiveDirective + ' refused ' + (event.blockedURI || 'inline') + ' (' + event.sourceFile + ':' + event.lineNumber + ')');
    });`,
  });
  const watch = (page: Page) =>
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) seen.push(`${page.url()}: ${message.text()}`);
    });
  context.pages().forEach(watch);
  context.on('page', watch);
  return seen;
}
