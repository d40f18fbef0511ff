/**
 * The OpenAPI 3.1 contract, generated: paths, methods and auth from the catalogue's routes; request
 * and response schemas from the zod schemas the handlers parse with (core/domain/schemas.ts,
 * core/domain/origins.ts) and send (core/edge/responses.ts), as JSON Schema 2020-12 by zod's own
 * `toJSONSchema`. Served at GET /openapi.json and written to docs/openapi.json (`npm run openapi`).
 * The routes' entries (summaries, bodies, answers) are the table in ./openapi-operations.ts.
 */
import * as z from 'zod/mini';
import { functionCatalogue } from '#catalogue';
import {
  OPERATIONS,
  PATH_PARAMETERS,
  refused,
  REQUEST_SCHEMAS,
  RESPONSE_SCHEMAS,
  type OperationSpec,
  type ResponseSpec,
  type RouteKey,
} from './openapi-operations.ts';

const schemaRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });

function jsonSchemaOf(schema: z.ZodMiniType, io: 'input' | 'output'): Record<string, unknown> {
  // The document names its dialect once; each schema does not repeat `$schema`.
  const jsonSchema = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
  delete jsonSchema.$schema;
  return jsonSchema;
}

function responseObject(spec: ResponseSpec) {
  const { description } = spec;
  if ('empty' in spec) return { description };
  if ('html' in spec) {
    const json = spec.orJson ? { 'application/json': { schema: schemaRef(spec.orJson) } } : {};
    return { description, content: { 'text/html': { schema: { type: 'string' } }, ...json } };
  }
  if ('text' in spec) return { description, content: Object.fromEntries(spec.text.map((type) => [type, { schema: { type: 'string' } }])) };
  if ('openApiDocument' in spec) {
    const schema = {
      type: 'object',
      properties: { openapi: { type: 'string', pattern: '^3\\.1\\.' }, info: { type: 'object' }, paths: { type: 'object' } },
      required: ['openapi', 'info', 'paths'],
    };
    return { description, content: { 'application/json': { schema } } };
  }
  const names = [spec.json].flat();
  const schema = names.length === 1 ? schemaRef(names[0]!) : { anyOf: names.map(schemaRef) };
  return { description, content: { 'application/json': { schema } } };
}

/** A route's own answer and the common one for the same status (e.g. an HTML 500 page, or API Gateway's JSON when the function fails). */
function mergedResponse(own: ResponseSpec | undefined, common: ResponseSpec | undefined) {
  const [first, second] = [own, common].filter((r) => r !== undefined).map(responseObject);
  if (!second) return first!;
  const content = { ...second.content, ...first!.content };
  return { description: `${first!.description} Or: ${second.description}`, ...(Object.keys(content).length > 0 && { content }) };
}

/** API Gateway's and the edge's answers that any route may give, added to each operation's own. */
function commonResponses(key: RouteKey, auth: 'public' | 'designer', spec: OperationSpec): Record<number, ResponseSpec> {
  const html = spec.tag === 'Pages' && key !== 'GET /assets/{file}';
  const designerRefusals: Record<number, ResponseSpec> = {
    401: { description: 'No valid designer token (API Gateway’s JWT authorizer).', json: ['GatewayMessage', 'ErrorResponse'] },
    403: refused('Signed in, but not a member of the designers group (`forbidden`).'),
  };
  return {
    ...(auth === 'designer' ? designerRefusals : {}),
    429: { description: 'Throttled by API Gateway: try again shortly.', json: 'GatewayMessage' },
    500: html && key !== 'GET /provenance/{certificateId}'
      ? { description: 'A failure of ours (API Gateway’s answer when the function fails).', json: 'GatewayMessage' }
      : { description: 'A failure of ours (`internal_error`), or API Gateway’s answer when the function fails.', json: ['ErrorResponse', 'GatewayMessage'] },
  };
}

function parametersOf(path: string, spec: OperationSpec) {
  const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => {
    const parameter = PATH_PARAMETERS[name!];
    if (!parameter) throw new Error(`No schema for the path parameter {${name}} of ${path}`);
    return { name, in: 'path', required: true, description: parameter.description, schema: jsonSchemaOf(parameter.schema, 'input') };
  });
  const query = spec.query ? jsonSchemaOf(spec.query, 'input') : undefined;
  const required = new Set((query?.required as string[] | undefined) ?? []);
  const inQuery = Object.entries((query?.properties ?? {}) as Record<string, unknown>).map(([name, schema]) => ({
    name, in: 'query', required: required.has(name), schema,
  }));
  const headers = spec.idempotencyKey
    ? [{
        name: 'Idempotency-Key', in: 'header', required: spec.idempotencyKey === 'required',
        description: spec.idempotencyKey === 'required'
          ? 'Required: one key per payment, so a retried request records it once (the same key and body give the same payment; 1–255 printable ASCII characters).'
          : 'Makes a retried submit safe: the same key and enquiry give the same commission (1–255 printable ASCII characters).',
        schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
      }]
    : [];
  return [...inPath, ...inQuery, ...headers];
}

export function buildOpenApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const fn of functionCatalogue) {
    for (const route of 'routes' in fn ? fn.routes : []) {
      const key = `${route.method} ${route.path}` as RouteKey;
      const spec = OPERATIONS[key];
      const common = commonResponses(key, route.auth, spec);
      const statuses = [...new Set([...Object.keys(spec.responses), ...Object.keys(common)].map(Number))].sort((a, b) => a - b);
      const parameters = parametersOf(route.path, spec);
      (paths[route.path] ??= {})[route.method.toLowerCase()] = {
        operationId: spec.operationId,
        summary: spec.summary,
        description: `${fn.description} (Function \`${fn.name}\`.)`,
        tags: [spec.tag],
        security: route.auth === 'designer' ? [{ designerJwt: [] }] : [],
        ...(parameters.length > 0 && { parameters }),
        ...(spec.body && {
          requestBody: { required: true, content: { 'application/json': { schema: schemaRef(spec.body) } } },
        }),
        responses: Object.fromEntries(statuses.map((status) => [status, mergedResponse(spec.responses[status], common[status])])),
      };
    }
  }
  const schemas = {
    ...Object.fromEntries(Object.entries(REQUEST_SCHEMAS).map(([name, schema]) => [name, jsonSchemaOf(schema, 'input')])),
    ...Object.fromEntries(Object.entries(RESPONSE_SCHEMAS).map(([name, schema]) => [name, jsonSchemaOf(schema, 'output')])),
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Bespoke commissions API',
      version: '1.0.0',
      description:
        'Enquiries, the designers’ queue and decisions, the registry of certified origins, and the public pages of an ethical ' +
        'jeweller’s bespoke commissions. Errors of the API are `{"error": {code, message, fields?}}`; API Gateway’s own ' +
        'answers (401, 429, some 500s) are `{"message"}`. Generated from the code (functions/core/edge/openapi.ts).',
    },
    servers: [{ url: '/', description: 'The origin serving this document.' }],
    tags: [
      { name: 'Customers', description: 'What a customer’s browser calls.' },
      { name: 'Designers', description: 'The studio’s API, for members of the designers group.' },
      { name: 'Pages', description: 'HTML pages and their assets.' },
      { name: 'Service', description: 'Liveness and this contract.' },
    ],
    paths,
    components: {
      securitySchemes: {
        designerJwt: {
          type: 'http', scheme: 'bearer', bearerFormat: 'JWT',
          description: 'A Cognito ID token of a member of the designers group (locally: `npm run designer-token`).',
        },
      },
      schemas,
    },
  };
}
