import type { TestProject } from 'vitest/node';
import { startDynamo, startSes } from '../../infra/local/services.ts';
import { LOCAL_STATUS_LINK_SECRET_ID, startLocalSecrets } from '../../infra/local/secrets.ts';
import { TEST_STATUS_LINK_SECRET } from './test-secret.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    sesEndpoint: string;
    secretsEndpoint: string;
  }
}

/** Starts the real local stand-ins once for the whole test run. */
export default async function setup(project: TestProject) {
  const dynamo = await startDynamo();
  const ses = await startSes();
  const secrets = await startLocalSecrets({ secrets: { [LOCAL_STATUS_LINK_SECRET_ID]: TEST_STATUS_LINK_SECRET } });
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('sesEndpoint', ses.endpoint);
  project.provide('secretsEndpoint', secrets.endpoint);
  return async () => {
    await dynamo.close();
    await ses.close();
    await secrets.close();
  };
}
