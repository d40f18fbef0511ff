/**
 * What the mailer (core/adapters/mailer.ts) imports, kept under its old name so the mailer need
 * not change; everything else imports render.ts, customer-emails.ts or studio-emails.ts directly.
 */
export { headerSafe, type EmailMessage } from './render.ts';
export { studioEmailFailedEmail } from './studio-emails.ts';
