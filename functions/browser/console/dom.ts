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

/**
 * A modal yes/no question (an irreversible action's confirmation): resolves true only for `yes`.
 * The safe answer has the focus, so Enter never confirms by accident.
 */
export function confirmDialog(question: { title: string; text: string; yes: string; no: string; danger?: boolean }): Promise<boolean> {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': 'confirm-title' },
      h('h2', { id: 'confirm-title' }, question.title),
      h('p', {}, question.text),
      h('form', { method: 'dialog', class: 'actions' },
        h('button', { class: question.danger ? 'button danger' : 'button', value: 'yes' }, question.yes),
        h('button', { class: 'button secondary', value: 'no', autofocus: true }, question.no)));
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'yes');
      dialog.remove();
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}
