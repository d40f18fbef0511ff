import { httpHandler, json } from '#edge/http';

/** GET /health */
export const handler = httpHandler({ auth: 'public' }, async () => json(200, { ok: true }));
