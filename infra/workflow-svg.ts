/**
 * Renders the workflow picture (workflows/diagram.ts's Mermaid text) to workflows/commission.svg
 * once, at build time, so no Lambda, no CDK bundling step and no browser needs Mermaid: the
 * console shows the committed SVG as an <img>. Mermaid lays text out with a real browser's font
 * metrics, so this drives the Chromium the browser tests use (playwright-core + Debian's
 * `chromium`) with Mermaid's own browser build loaded into a blank page.
 *
 * The SVG carries the SHA-256 of the Mermaid text it was drawn from (`data-source-hash`); a test
 * fails when that no longer matches the definition. `npm run workflow:svg` redraws it.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { workflowMermaid } from '../workflows/diagram.ts';

// Named `require` so knip sees mermaid used (it reads require.resolve, not a call on createRequire's result).
const require = createRequire(import.meta.url);

export const WORKFLOW_SVG_PATH = fileURLToPath(new URL('../workflows/commission.svg', import.meta.url));

/** The hash the committed SVG must carry for the Mermaid text of today's definition. */
export function sourceHash(mermaidText: string): string {
  return createHash('sha256').update(mermaidText).digest('hex');
}

/** The hash embedded in an SVG drawn by this script (undefined if it carries none). */
export function embeddedSourceHash(svg: string): string | undefined {
  return /<svg\b[^>]*\bdata-source-hash="([0-9a-f]{64})"/.exec(svg)?.[1];
}

const MERMAID_CONFIG = {
  startOnLoad: false,
  securityLevel: 'strict',
  theme: 'neutral',
  fontFamily: 'Georgia, serif',
  // Same ids on every run, so a redraw of an unchanged definition is an unchanged file.
  deterministicIds: true,
  // Mermaid's shapes are drawn by rough.js, which jitters control points unless seeded.
  handDrawnSeed: 1,
  // Labels as SVG <text>, not HTML in <foreignObject>: an SVG shown through <img> gets no page
  // fonts, and plain text survives a viewer whose fallback font is wider than ours.
  htmlLabels: false,
  // …and wide enough that no state name is broken across lines.
  flowchart: { htmlLabels: false, wrappingWidth: 400 },
};

export async function renderWorkflowSvg(mermaidText = workflowMermaid()): Promise<string> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ path: require.resolve('mermaid/dist/mermaid.min.js') });
    const svg = await page.evaluate(
      async ({ text, config }) => {
        const { mermaid } = globalThis as unknown as {
          mermaid: { initialize(o: object): void; render(id: string, text: string): Promise<{ svg: string }> };
        };
        mermaid.initialize(config);
        return (await mermaid.render('commission-workflow', text)).svg;
      },
      { text: mermaidText, config: MERMAID_CONFIG },
    );
    return asStandaloneFile(svg, sourceHash(mermaidText));
  } finally {
    await browser.close();
  }
}

/**
 * The root element as a standalone file needs: the source hash, and a fixed size from the viewBox
 * instead of Mermaid's `width="100%"` + inline max-width (made for inlining in a page), so an
 * <img> has an intrinsic size and the page's CSS only has to cap it.
 */
function asStandaloneFile(svg: string, hash: string): string {
  const root = /^<svg\b[^>]*>/.exec(svg)?.[0];
  const viewBox = root && /\bviewBox="([-\d.]+) ([-\d.]+) ([\d.]+) ([\d.]+)"/.exec(root);
  if (!root || !viewBox) throw new Error(`Mermaid did not return an SVG with a viewBox: ${svg.slice(0, 120)}`);
  const [width, height] = [viewBox[3], viewBox[4]].map((n) => Math.ceil(Number(n)));
  const sized = root
    .replace(/ width="100%"/, '')
    .replace(/ style="max-width:[^"]*"/, '')
    .replace(/^<svg\b/, `<svg data-source-hash="${hash}" width="${width}" height="${height}"`);
  return `${sized}${svg.slice(root.length)}\n`;
}

if (import.meta.main) {
  const svg = await renderWorkflowSvg();
  await writeFile(WORKFLOW_SVG_PATH, svg);
  console.log(`workflow picture → ${WORKFLOW_SVG_PATH} (${svg.length} bytes)`);
}
