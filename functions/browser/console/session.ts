/**
 * The designer's session, which every screen needs: how this deployment signs in, who is signed
 * in, signing out, and `navigate`, the one way a room asks for the current address to be shown
 * again. Through that event (main.ts routes on it) no room imports the router, so the rooms
 * form no import cycle.
 */
import { TOKEN_KEY } from './api.ts';
import { root } from './dom.ts';

/** Cognito's hosted UI on AWS; locally the local identity's, which speaks the same flow. */
export type SignIn = { kind: 'cognito'; domain: string; clientId: string };

export const signIn = JSON.parse(root.dataset.signIn ?? '{}') as SignIn;

/** An endpoint of the hosted UI. Locally the domain is a path (`/local-identity`), hence the page's origin as base. */
export const hostedUi = (path: string) => new URL(`${signIn.domain.replace(/\/$/, '')}${path}`, location.origin);

export const redirectUri = () => `${location.origin}/console/callback`;

export const NAVIGATE_EVENT = 'console:navigate';

/** Shows the current address again; `signInMessage` is shown if that ends at the sign-in form. */
export function navigate(signInMessage?: string) {
  window.dispatchEvent(new CustomEvent<string | undefined>(NAVIGATE_EVENT, { detail: signInMessage }));
}

export function signOut() {
  localStorage.removeItem(TOKEN_KEY);
  const url = hostedUi('/logout');
  url.search = new URLSearchParams({ client_id: signIn.clientId, logout_uri: redirectUri() }).toString();
  location.assign(url.toString());
}

export function whoAmI(): string {
  const token = localStorage.getItem(TOKEN_KEY);
  try {
    const claims = JSON.parse(atob(token!.split('.')[1]!.replaceAll('-', '+').replaceAll('_', '/'))) as { email?: string; name?: string };
    return claims.name ?? claims.email ?? 'designer';
  } catch {
    return 'designer';
  }
}
