/**
 * Structured JSON logs (Powertools). Log ids, stages and outcomes only: never a task token,
 * never a customer's name or address (reliability rules 4 and 7).
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: 'bespoke-commissions' });
