/** Every console screen: the navigation (when signed in) above its content, and errors in its place. */
import { ApiFailure, TOKEN_KEY } from './api.ts';
import { h, root, type Child } from './dom.ts';
import { navigate, signOut, whoAmI } from './session.ts';

export function view(...content: Child[]) {
  const signedIn = Boolean(localStorage.getItem(TOKEN_KEY));
  const nav = signedIn
    ? h('nav', { class: 'console-nav', 'aria-label': 'Console' },
        h('a', { href: '#/' }, 'Queues'),
        h('a', { href: '#/origins' }, 'Origins'),
        h('a', { href: '#/licences' }, 'Licences'),
        h('a', { href: '#/workflow' }, 'Workflow'),
        h('span', { class: 'who' }, `Signed in as ${whoAmI()}`),
        h('button', { class: 'link-button', onclick: signOut }, 'Sign out'))
    : undefined;
  root.replaceChildren(...[nav, ...content].filter((c): c is Node | string => c !== false && c !== undefined && c !== null));
}

export function failure(error: unknown) {
  // api.ts dropped the token: showing the address again ends at the sign-in form, with why.
  if (error instanceof ApiFailure && error.status === 401) return navigate(error.message);
  const message = error instanceof ApiFailure && error.status === 403 ? 'Your account is not in the designers group.' : (error as Error).message;
  view(h('p', { class: 'form-error', role: 'alert' }, message));
}
