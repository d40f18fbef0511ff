/**
 * zod's English messages, for what a client is told about a request it got wrong. Configured by
 * the HTTP edge (./http.ts imports this module for its effect), not by the schemas themselves: a
 * function that only reads its own records (the status page, the workflow's tasks) then does not
 * carry ~2.7 KB of messages it never shows anyone. Explicit messages in the schemas stand either way.
 */
import * as z from 'zod/mini';
// The English locale alone: `z.locales.en()` reaches through the namespace of every locale, which
// the bundler cannot tree-shake (~270 KB of messages in 40-odd languages in every bundle).
import en from 'zod/v4/locales/en.js';

z.config(en());
