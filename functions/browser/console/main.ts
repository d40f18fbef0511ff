/**
 * The designer console, bundled for the browser by infra/browser-build.ts: sign-in through a hosted
 * UI with authorization code + PKCE (Cognito's on AWS, the local identity's locally), a queue per stage,
 * a commission with its timeline, and the decision form of its current stage — validated with
 * the API's own approval schemas. Every text reaches the DOM as text (textContent), never HTML.
 * The rooms never import the router: they ask for the address to be shown again through
 * session.ts's `navigate`, which this module routes on.
 */
import { route } from './router.ts';
import { NAVIGATE_EVENT } from './session.ts';

window.addEventListener('hashchange', () => void route());
window.addEventListener(NAVIGATE_EVENT, (event) => void route((event as CustomEvent<string | undefined>).detail));
void route();
