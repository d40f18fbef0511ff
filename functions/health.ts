import { httpHandler, json } from '#edge/http';

/** GET /health */
export const handler = httpHandler({ auth: 'public' }, () => Promise.resolve(json(200, { ok: true })));
