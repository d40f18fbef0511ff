import type { TestProject } from 'vitest/node';
import { startDynamo, startSes } from '../../infra/local/services.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    sesEndpoint: string;
  }
}

/** Starts the real local stand-ins once for the whole test run. */
export default async function setup(project: TestProject) {
  const dynamo = await startDynamo();
  const ses = await startSes();
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('sesEndpoint', ses.endpoint);
  return async () => {
    await dynamo.close();
    await ses.close();
  };
}
