/**
 * Configuration read from the environment, failing at cold start when something is missing:
 * a silent default for a table or an address would send data to the wrong place.
 */
import { ENV } from '#catalogue';

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Missing required environment variable ${name}`);
  return value;
}

export const tableName = () => requireEnv(ENV.tableName);
export const stateMachineArn = () => requireEnv(ENV.stateMachineArn);

/** The API's public base URL without a trailing slash, e.g. `https://abc123.execute-api.eu-west-2.amazonaws.com`. */
export function publicBaseUrl(): string {
  const value = requireEnv(ENV.publicBaseUrl);
  if (!/^https?:\/\/[^\s]+$/.test(value)) throw new Error(`${ENV.publicBaseUrl} must be an http(s) URL`);
  return value.replace(/\/+$/, '');
}

export interface MailConfig {
  sender: string;
  studio: string;
  configurationSet: string;
}

export const mailConfig = (): MailConfig => ({
  sender: requireEnv(ENV.senderEmail),
  studio: requireEnv(ENV.studioEmail),
  configurationSet: requireEnv(ENV.sesConfigurationSet),
});

/** The Cognito group whose members may decide on commissions. */
export const DESIGNERS_GROUP = 'designers';
