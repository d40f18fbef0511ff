/**
 * The designer console, bundled for the browser by infra/browser-build.ts: sign-in (locally the
 * local identity; on AWS Cognito's hosted UI with authorization code + PKCE), a queue per stage,
 * a commission with its timeline, and the decision form of its current stage — validated with
 * the API's own approval schemas. Every text reaches the DOM as text (textContent), never HTML.
 * The rooms import each other in a circle (signing in routes; every screen has a sign-out) but
 * only call each other from functions: nothing runs at import but the first route, here.
 */
import { route } from './router.ts';

window.addEventListener('hashchange', () => void route());
void route();
