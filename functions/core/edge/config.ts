/**
 * Configuration read from the environment, failing at cold start when something is missing:
 * a silent default for a table or an address would send data to the wrong place.
 */
import { ENV } from '#catalogue';
import { DEFAULT_ENQUIRY_LIMITS, type EnquiryLimits } from '#domain/quotas';

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

/**
 * The enquiry quotas (ENQUIRY_LIMIT_PER_IP per hour, ENQUIRY_LIMIT_PER_EMAIL per 24 hours). Read on
 * every call, so a test can lower them; unset means the defaults, anything but a whole number ≥ 0 fails.
 */
export function enquiryLimits(): EnquiryLimits {
  const read = (name: string, fallback: number) => {
    const value = process.env[name];
    if (value === undefined || value === '') return fallback;
    if (!/^\d{1,9}$/.test(value)) throw new Error(`${name} must be a whole number`);
    return Number(value);
  };
  return {
    perIp: read(ENV.enquiryLimitPerIp, DEFAULT_ENQUIRY_LIMITS.perIp),
    perEmail: read(ENV.enquiryLimitPerEmail, DEFAULT_ENQUIRY_LIMITS.perEmail),
  };
}
