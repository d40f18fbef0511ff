/**
 * The shapes of the `arn:aws:states:::lambda:invoke` integration that the workflow's Task states
 * rely on: the Parameters they pass, the result they get and the error a failing function raises.
 */
import type { JSONValue } from './execution-record.ts';

export function taskParameters(input: JSONValue): { FunctionName: string; Payload: JSONValue } {
  if (input === null || typeof input !== 'object' || Array.isArray(input) || typeof input.FunctionName !== 'string') {
    throw new Error('A lambda:invoke task needs Parameters with a FunctionName');
  }
  return { FunctionName: input.FunctionName, Payload: input.Payload ?? null };
}

/** What the Lambda integration reports for a function error: its errorType as the error name. */
export function lambdaError(error: unknown): Error {
  const errorType = error instanceof Error && error.name ? error.name : 'Error';
  const errorMessage = error instanceof Error ? error.message : String(error);
  const failure = new Error(JSON.stringify({ errorType, errorMessage }));
  failure.name = errorType;
  return failure;
}

/** The integration's result for a function that returned `value`: the value is under `Payload`. */
export function integrationResult(value: unknown): JSONValue {
  return { ExecutedVersion: '$LATEST', Payload: toJSON(value), StatusCode: 200 };
}

/** The task's Payload with the `$$.Task.Token` stand-in replaced by this attempt's token. */
export function withTaskToken(payload: JSONValue, sentinel: string, token: string): JSONValue {
  return replaceString(payload, sentinel, token);
}

function toJSON(value: unknown): JSONValue {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as JSONValue);
}

function replaceString(value: JSONValue, from: string, to: string): JSONValue {
  if (value === from) return to;
  if (Array.isArray(value)) return value.map((item) => replaceString(item, from, to));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceString(item, from, to)]));
  }
  return value;
}
