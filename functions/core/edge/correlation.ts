/**
 * The correlation of an API request's log lines (core/lib/logger.ts). Apart from ./http.ts, so the
 * functions that answer in HTML rather than through httpHandler (status-page, web-pages, the
 * customers' links) take it without the edge's validation and its messages.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { commissionIdOf, type Correlation } from '#lib/logger';

const COMMISSION_ROUTE = /\/(commissions|status|confirm)\/\{id\}/;

/**
 * An API request's lines carry API Gateway's request id as correlation_id: the access log
 * records the same id as `requestId` ($context.requestId, infra/constructs/http-api.ts), and the
 * client gets it in the `apigw-requestid` header. A commission's own routes (the API's and the
 * customer's status page) add its id.
 */
export const correlateRequest = (event: Pick<APIGatewayProxyEventV2, 'requestContext' | 'routeKey' | 'pathParameters'>): Correlation => ({
  correlation_id: event.requestContext?.requestId,
  commissionId: COMMISSION_ROUTE.test(event.routeKey ?? '') ? commissionIdOf(event.pathParameters?.id) : undefined,
});
