/** The console's tiny DOM helper, and the element it renders into. */

export type Child = Node | string | false | undefined | null;

export const root = document.querySelector<HTMLElement>('#console')!;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | boolean | ((e: Event) => void)> = {}, ...children: Child[]) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) element.setAttribute(name, '');
    else if (value !== false) element.setAttribute(name, value);
  }
  element.append(...children.filter((c): c is Node | string => c !== false && c !== undefined && c !== null));
  return element;
}
