/** Which screen the address shows: the Cognito callback, sign-in, a commission, the workflow, the origins, the licences, a search, or a queue. */
import { STAGES, type Party, type Stage } from '#domain/schemas';
import { TOKEN_KEY } from './api.ts';
import { renderCommission } from './commission.ts';
import { root } from './dom.ts';
import { failure } from './layout.ts';
import { renderLicences } from './licences.ts';
import { PARTIES, renderQueues, renderSearch } from './queue.ts';
import { renderRegistry } from './registry.ts';
import { signIn } from './session.ts';
import { finishCognitoSignIn, renderSignIn } from './sign-in.ts';
import { renderWorkflow } from './workflow-picture.ts';

export async function route(signInMessage?: string) {
  try {
    if (location.pathname === '/console/callback' && signIn.kind === 'cognito') {
      await finishCognitoSignIn(signIn);
      history.replaceState(null, '', '/console#/');
    }
    if (!localStorage.getItem(TOKEN_KEY)) return renderSignIn(signInMessage);
    const [, page, arg, filter] = location.hash.split('/');
    if (page === 'commission' && arg) await renderCommission(arg);
    else if (page === 'workflow') await renderWorkflow();
    else if (page === 'origins') await renderRegistry();
    else if (page === 'licences') await renderLicences();
    // The search text is the rest of the address, whatever it holds.
    else if (page === 'search') await renderSearch(decodeURIComponent(location.hash.slice('#/search/'.length)));
    else await renderQueues((STAGES as readonly string[]).includes(arg ?? '') ? (arg as Stage) : 'ENQUIRY', PARTIES.find((p): p is Party => p === filter));
    root.querySelector<HTMLElement>('h1')?.setAttribute('tabindex', '-1');
  } catch (error) {
    failure(error);
  }
}
