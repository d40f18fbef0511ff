/** The workflow picture: the Mermaid drawing of the running definition (built by infra/browser-build.ts). */
import { h } from './dom.ts';
import { view } from './layout.ts';

export async function renderWorkflow() {
  const source = await (await fetch('/assets/workflow.mmd')).text();
  const figure = h('figure', { class: 'card workflow' }, h('pre', { class: 'mermaid' }, source),
    h('figcaption', {}, 'Drawn from workflows/commission.asl.json — the definition that runs. Each stage waits for one designer decision; a stalled wait is chased every 3 days.'));
  view(h('h1', {}, 'The workflow'), figure);
  await loadScript('/assets/mermaid.min.js');
  const mermaid = (window as unknown as { mermaid: { initialize(o: object): void; run(o: object): Promise<void> } }).mermaid;
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'neutral', fontFamily: 'Georgia, serif' });
  await mermaid.run({ querySelector: '.mermaid' });
  figure.dataset.rendered = 'true';
}

function loadScript(src: string): Promise<void> {
  if (document.querySelector(`script[src="${src}"]`)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const script = h('script', { src });
    script.addEventListener('load', () => resolve());
    script.addEventListener('error', () => reject(new Error(`Could not load ${src}`)));
    document.head.append(script);
  });
}
