/**
 * The workflow picture: workflows/commission.svg, drawn from the running definition at build time
 * (infra/workflow-svg.ts) and served as a static asset. Shown through <img> so the SVG's own
 * inline styles need nothing from the page's CSP, and no Mermaid reaches the browser.
 */
import { h } from './dom.ts';
import { view } from './layout.ts';

export async function renderWorkflow() {
  const picture = h('img', {
    src: '/assets/workflow.svg',
    alt: 'Flowchart of the commission workflow: its states and the transitions between them, as defined in workflows/commission.asl.json.',
  });
  const figure = h('figure', { class: 'card workflow' }, picture,
    h('figcaption', {}, 'Drawn from workflows/commission.asl.json — the definition that runs. Each stage waits for one designer decision; a stalled wait is chased every 3 days.'));
  view(h('h1', {}, 'The workflow'), figure);
  try {
    await picture.decode();
    figure.dataset.rendered = 'true';
  } catch {
    figure.append(h('p', { role: 'alert' }, 'The picture of the workflow could not be loaded. Reload the page to try again.'));
  }
}
