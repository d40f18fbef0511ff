/**
 * The contract's table: one entry per catalogue route (its summary, body and every answer it can
 * give), and the request and response schemas they name. A table, read entry by entry, so long;
 * core/edge/openapi.ts assembles the document from it.
 */
import * as z from 'zod/mini';
import { functionCatalogue } from '#catalogue';
import { NewOrigin, OriginEdit, OriginId, VerificationRequest } from '#domain/origins';
import { StudioLicences } from '#domain/licences';
import { ErasureRequest } from '#domain/erasure';
import {
  CommissionId,
  CustomerAttachmentRequest,
  CustomerDesignAnswer,
  DecisionRequest,
  Enquiry,
  PaymentRequest,
  StatusLinkRenewal,
  StudioAttachmentRequest,
} from '#domain/schemas';
import { QueueQuery } from '#domain/queue-query';
import { MAX_BODY_BYTES } from './http.ts';
import {
  AttachmentGranted,
  CertificateIdParameter,
  CommissionView,
  DecisionRecorded,
  DesignAnswered,
  EnquiryAccepted,
  ErasureDone,
  ErrorResponse,
  GatewayMessage,
  HealthResponse,
  OfferResponse,
  OriginList,
  OriginView,
  PaymentView,
  QueuePage,
  StatusLinkRenewed,
  StudioLicencesView,
} from './responses.ts';

type CatalogueRoute = Extract<(typeof functionCatalogue)[number], { routes: readonly unknown[] }>['routes'][number];
/** `GET /commissions/{id}`: one per catalogue route, so a new route without a contract does not compile. */
type KeyOf<R> = R extends { method: infer M extends string; path: infer P extends string } ? `${M} ${P}` : never;
export type RouteKey = KeyOf<CatalogueRoute>;

/** Request bodies are documented as clients send them (zod's input side)… */
export const REQUEST_SCHEMAS = {
  Enquiry, DecisionRequest, CustomerDesignAnswer, ErasureRequest, NewOrigin, VerificationRequest, OriginEdit, StudioLicences, StatusLinkRenewal,
  PaymentRequest, StudioAttachmentRequest, CustomerAttachmentRequest,
};
/** …and responses as the handlers send them (the output side). */
export const RESPONSE_SCHEMAS = {
  ErrorResponse, GatewayMessage, HealthResponse, EnquiryAccepted, QueuePage, CommissionView, DecisionRecorded, DesignAnswered, ErasureDone, OriginList, OriginView,
  OfferResponse, StudioLicencesView, StatusLinkRenewed, PaymentView, AttachmentGranted,
};
type ResponseSchemaName = keyof typeof RESPONSE_SCHEMAS;

export const PATH_PARAMETERS: Record<string, { schema: z.ZodMiniType; description: string }> = {
  id: { schema: CommissionId, description: "The commission's id (a UUID); any other value is simply not found." },
  certificateId: { schema: CertificateIdParameter, description: "The certificate's id, from the customer's completion email." },
  originId: { schema: OriginId, description: "The origin's stable id, from GET /origins (e.g. `sotrami-peru`)." },
  file: { schema: z.string(), description: 'An asset name, e.g. `studio.css`; unknown names are not found.' },
  attachmentId: { schema: z.string(), description: "The file's id, from the commission's `attachments`; any other value is simply not found." },
};

/** The status link's query (core/adapters/status-links.ts): missing or wrong parts answer 403. */
const StatusLinkQuery = z.strictObject({
  expires: z.string().check(z.regex(/^\d{1,12}$/)),
  sig: z.string(),
});

type Body =
  | { json: ResponseSchemaName | ResponseSchemaName[] }
  /** An HTML page; `orJson`: the error shape instead, for `Accept: application/json`. */
  | { html: true; orJson?: ResponseSchemaName }
  | { text: string[] }
  | { empty: true }
  /** An OpenAPI document (this one). */
  | { openApiDocument: true };
export type ResponseSpec = Body & { description: string };
export interface OperationSpec {
  operationId: string;
  summary: string;
  tag: 'Customers' | 'Designers' | 'Pages' | 'Service';
  query?: z.ZodMiniObject;
  /** The Idempotency-Key header: optional (POST /commissions) or required (POST /commissions/{id}/payments). */
  idempotencyKey?: true | 'required';
  body?: keyof typeof REQUEST_SCHEMAS;
  responses: Record<number, ResponseSpec>;
}

export const refused = (description: string): ResponseSpec => ({ description, json: 'ErrorResponse' });
const html = (description: string): ResponseSpec => ({ description, html: true });
/** A refusal of a signed-link route: a page, or the error shape for `Accept: application/json`. */
const pageOrError = (description: string): ResponseSpec => ({ description, html: true, orJson: 'ErrorResponse' });

/** What every route with a JSON body can answer before the handler reads it (core/edge/http.ts). */
const JSON_BODY_REFUSALS: Record<number, ResponseSpec> = {
  413: {
    description: `The body is over ${MAX_BODY_BYTES / 1024} KB (\`payload_too_large\`), or over 10 MB (API Gateway’s own answer).`,
    json: ['ErrorResponse', 'GatewayMessage'],
  },
  415: refused('The body is not sent as application/json (`unsupported_media_type`).'),
};

/** The 400 of a route whose JSON body the handler validates, when it has no other reason to refuse. */
const INVALID_BODY = refused('Not valid (`validation_failed`, with `fields`), not JSON (`malformed_json`) or a forbidden key (`forbidden_key`).');

export const OPERATIONS: Record<RouteKey, OperationSpec> = {
  'GET /health': {
    operationId: 'getHealth', summary: 'Liveness', tag: 'Service',
    responses: { 200: { description: 'The API answers.', json: 'HealthResponse' } },
  },
  'GET /openapi.json': {
    operationId: 'getOpenApiDocument', summary: 'This contract', tag: 'Service',
    responses: { 200: { description: 'The OpenAPI 3.1 document of this API.', openApiDocument: true } },
  },
  'POST /commissions': {
    operationId: 'submitEnquiry', summary: "Submit a customer's enquiry", tag: 'Customers', idempotencyKey: true, body: 'Enquiry',
    responses: {
      201: {
        description:
          'Stored unconfirmed, and a link to confirm it emailed to the address given (for a repeated Idempotency-Key: the same ' +
          'commission, and no second email). Nothing else happens until it is confirmed (POST /confirm/{id}); unconfirmed, it is deleted after 7 days.',
        json: 'EnquiryAccepted',
      },
      400: INVALID_BODY,
      ...JSON_BODY_REFUSALS,
      422: refused('This Idempotency-Key was used for a different enquiry (`idempotency_key_reused`).'),
    },
  },
  'GET /commissions': {
    operationId: 'listCommissions', summary: "The designers' queue for one stage, or a search by reference or customer email", tag: 'Designers', query: QueueQuery,
    responses: {
      200: {
        description:
          'With `stage`: that queue, oldest in stage first (only those awaiting `party`, if given); pass `cursor` back for the next page. ' +
          "With `q`: the confirmed commissions in any stage whose reference (the id's first 8 characters, any case; or the whole id) " +
          "or customer email (exact, any case) matches, newest first, at most `limit`, narrowed by `stage` and `party` if given; no cursor.",
        json: 'QueuePage',
      },
      400: refused('A query parameter is not valid, `q` is neither a reference nor an email address, or neither `stage` nor `q` is given (`validation_failed`, with `fields`).'),
    },
  },
  'GET /commissions/{id}': {
    operationId: 'getCommission', summary: 'One commission with its history', tag: 'Designers',
    responses: {
      200: { description: 'The commission as the API shows it (never the workflow’s own fields).', json: 'CommissionView' },
      404: refused('No such commission (`not_found`).'),
    },
  },
  'POST /commissions/{id}/decisions': {
    operationId: 'decideStage', summary: 'Approve, request changes to, or cancel the awaited stage', tag: 'Designers', body: 'DecisionRequest',
    responses: {
      202: { description: 'Recorded and handed to the workflow.', json: 'DecisionRecorded' },
      400: refused(
        'Not valid (`validation_failed`: approving checks `details` against the stage — DESIGN `{summary, price}`, SOURCING ' +
          'by `scheme`: certified `{scheme, metal, fineness, weightGrams, origin, traceability, certificateReference, supplier, lotReference, ' +
          'invoicedPremium?, marketPrice?}`, `recycled` `{…, refiner, certificateReference, lotReference}`, `customer-own` `{…, assay}`; MAKING ' +
          '`{hallmark: {sponsorMark, assayOffice, finenessMark, dateLetter?} | {exempt: "under-weight", pieceWeightGrams}, schemeMark?, stones?}` ' +
          '(the fineness mark must be the sourced fineness\'s; `schemeMark: true` needs a licensee licence valid today and physical traceability), ' +
          'DELIVERY `{method, carrier?, trackingNumber?}`); the origin not verified today (`origin_not_verified`, naming `details.origin`) or ' +
          'its certification ended (`certification_lapsed`); not JSON (`malformed_json`) or a forbidden key (`forbidden_key`).',
      ),
      404: refused('No such commission (`not_found`).'),
      409: refused(
        'The commission does not await this stage (`not_awaiting`), or someone decided a moment ago (`already_decided`); approving SOURCING ' +
          'before the deposit is paid (`deposit_outstanding`) or DELIVERY before the balance is (`balance_outstanding`).',
      ),
      410: refused("The commission's workflow no longer waits for a decision; nothing was applied (`workflow_closed`)."),
      ...JSON_BODY_REFUSALS,
    },
  },
  'POST /commissions/{id}/payments': {
    operationId: 'recordPayment', summary: 'Record a payment: a deposit, the balance or a refund', tag: 'Designers', idempotencyKey: 'required', body: 'PaymentRequest',
    responses: {
      201: {
        description:
          'Recorded, and the customer emailed a receipt (for a repeated Idempotency-Key with the same body: the same payment, and no second receipt).',
        json: 'PaymentView',
      },
      400: refused(
        'Not valid (`validation_failed`, with `fields`): no Idempotency-Key (`Idempotency-Key`), a currency other than the price\'s ' +
          '(`amount.currency`), more than two decimal places, a payment taking the paid total above the price or a refund above what was ' +
          'paid (`amount.amount`), a `receivedOn` that is not a day or is in the future; not JSON (`malformed_json`) or a forbidden key (`forbidden_key`).',
      ),
      404: refused('No such commission (`not_found`).'),
      409: refused('No design has been accepted yet, so there is no price (`no_accepted_design`); or the record kept changing (`busy`: send the same request again).'),
      422: refused('This Idempotency-Key was used for a different payment on this commission (`idempotency_key_reused`).'),
      ...JSON_BODY_REFUSALS,
    },
  },
  'POST /commissions/{id}/status-link': {
    operationId: 'renewStatusLink', summary: "Replace the customer's status link and email them the new one", tag: 'Designers', body: 'StatusLinkRenewal',
    responses: {
      202: { description: 'Renewed (or already renewed from `replacing`: the same answer, no second email); links sent before no longer open the page.', json: 'StatusLinkRenewed' },
      400: refused('Not valid (`validation_failed`); not JSON (`malformed_json`) or a forbidden key (`forbidden_key`).'),
      404: refused('No such commission (`not_found`).'),
      409: refused('The link was replaced meanwhile by someone else (`status_link_changed`), or the customer\'s personal data was erased (`erased`).'),
      ...JSON_BODY_REFUSALS,
    },
  },
  'POST /commissions/{id}/erasure': {
    operationId: 'eraseCommission', summary: "Erase the customer's personal data", tag: 'Designers', body: 'ErasureRequest',
    responses: {
      202: { description: 'Erased (again: the same answer, with the first erasure’s time). The record keeps what the certificate and the accounts need.', json: 'ErasureDone' },
      400: INVALID_BODY,
      404: refused('No such commission (`not_found`).'),
      409: refused('The commission is still open: cancel it first (`commission_open`); or it kept changing meanwhile (`edit_conflict`).'),
      ...JSON_BODY_REFUSALS,
    },
  },
  'POST /commissions/{id}/attachments': {
    operationId: 'addAttachment', summary: 'Add a file (sketch, render, photo, document) to a stage', tag: 'Designers', body: 'StudioAttachmentRequest',
    responses: {
      201: {
        description:
          'Recorded `pending`, with a presigned POST (valid 15 minutes) whose policy pins the key, the content type and the exact size. ' +
          'Once the object lands it is checked (size, and leading bytes of the declared type): `ready`, or `rejected` and deleted.',
        json: 'AttachmentGranted',
      },
      400: refused('Not valid (`validation_failed`: e.g. `bytes` over 15 MB, a content type other than JPEG, PNG, WebP or PDF); not JSON (`malformed_json`) or a forbidden key (`forbidden_key`).'),
      404: refused('No such commission (`not_found`).'),
      409: refused('The commission holds 20 files already (`too_many_attachments`), is closed (`commission_closed`) or was erased (`erased`).'),
      ...JSON_BODY_REFUSALS,
    },
  },
  'GET /commissions/{id}/attachments/{attachmentId}': {
    operationId: 'getAttachment', summary: 'Open a file', tag: 'Designers',
    responses: {
      302: { description: '`Location` is a presigned GET of the file, valid 5 minutes.', empty: true },
      404: refused('No such commission or file, or the file is not (yet) checked ready (`not_found`).'),
    },
  },
  'POST /status/{id}/attachments': {
    operationId: 'addInspiration', summary: 'The customer adds an inspiration image (behind the status link)', tag: 'Customers', query: StatusLinkQuery,
    body: 'CustomerAttachmentRequest',
    responses: {
      201: { description: 'Recorded `pending`, with a presigned POST, as for a designer’s file; checked once it lands.', json: 'AttachmentGranted' },
      400: INVALID_BODY,
      403: refused('The link is incomplete or was changed (`link_invalid`), has expired (`link_expired`) or was replaced (`link_replaced`).'),
      404: refused('No such commission (`not_found`).'),
      409: refused('Five images were added already, or 20 files are held (`too_many_attachments`); or the design is agreed (`uploads_closed`).'),
      410: refused("The commission's details were erased (`erased`)."),
      ...JSON_BODY_REFUSALS,
    },
  },
  'GET /status/{id}/attachments/{attachmentId}': {
    operationId: 'getStatusAttachment', summary: 'Open an image the customer may see (behind the status link)', tag: 'Customers', query: StatusLinkQuery,
    responses: {
      302: { description: '`Location` is a presigned GET of the image, valid 5 minutes: the customer’s own, or one the studio chose to show, once checked.', empty: true },
      403: { description: 'The link is incomplete, was changed, has expired or was replaced.', text: ['text/plain'] },
      404: { description: 'No such image for this customer.', text: ['text/plain'] },
      500: { description: 'A failure of ours.', text: ['text/plain'] },
    },
  },
  'GET /origins': {
    operationId: 'listOrigins', summary: 'The registry of certified origins', tag: 'Designers',
    responses: { 200: { description: 'Every registered origin, by name.', json: 'OriginList' } },
  },
  'POST /origins': {
    operationId: 'addOrigin', summary: 'Register a certified origin', tag: 'Designers', body: 'NewOrigin',
    responses: {
      201: { description: 'Registered; its certifications unverified until a designer records a check.', json: 'OriginView' },
      400: INVALID_BODY,
      409: refused('That name is registered in that country, or that id is taken, already (`origin_exists`).'),
      ...JSON_BODY_REFUSALS,
    },
  },
  'POST /origins/{originId}/verifications': {
    operationId: 'verifyOrigin', summary: "Record a check of an origin's current certificate", tag: 'Designers', body: 'VerificationRequest',
    responses: {
      201: { description: 'Recorded (the same check again answers the same); a certification the certifier ended stays `lapsed`.', json: 'OriginView' },
      400: refused(
        'Not valid (`validation_failed`, with `fields`): no certification for that `scheme`, `checkedOn` in the future, `validUntil` before ' +
          '`checkedOn` or before today; not JSON (`malformed_json`) or a forbidden key (`forbidden_key`).',
      ),
      404: refused('No such origin (`not_found`).'),
      409: refused('The origin is retired (`origin_retired`), or was changed meanwhile (`edit_conflict`).'),
      ...JSON_BODY_REFUSALS,
    },
  },
  'PATCH /origins/{originId}': {
    operationId: 'editOrigin', summary: 'Correct or retire an origin', tag: 'Designers', body: 'OriginEdit',
    responses: {
      200: { description: 'Changed. A seeded origin a designer edited is never overwritten by the seed.', json: 'OriginView' },
      400: INVALID_BODY,
      404: refused('No such origin (`not_found`).'),
      409: refused('The origin is retired (`origin_retired`), or changed since the version named in `If-Match` (`edit_conflict`).'),
      ...JSON_BODY_REFUSALS,
    },
  },
  'PUT /studio/licences': {
    operationId: 'putStudioLicences', summary: "Record the studio's licences", tag: 'Designers', body: 'StudioLicences',
    responses: {
      200: { description: 'Stored, as a whole: a scheme left out has no licence.', json: 'StudioLicencesView' },
      400: INVALID_BODY,
      ...JSON_BODY_REFUSALS,
    },
  },
  'GET /studio/licences': {
    operationId: 'getStudioLicences', summary: "The studio's licences", tag: 'Designers',
    responses: {
      200: {
        description: "The licences; for a Fairtrade registered goldsmith, this calendar year's sourced Fairtrade weight per metal against the cap.",
        json: 'StudioLicencesView',
      },
    },
  },
  'GET /offer': {
    operationId: 'getOffer', summary: 'What the studio can take on', tag: 'Customers',
    responses: { 200: { description: 'Every scheme × metal an enquiry may ask for, with its finenesses.', json: 'OfferResponse' } },
  },
  'GET /provenance/{certificateId}': {
    operationId: 'getProvenanceCertificate', summary: 'The provenance certificate of a completed piece', tag: 'Pages',
    responses: { 200: html('The printable certificate.'), 404: html('No such certificate: a page saying so.') },
  },
  'GET /': {
    operationId: 'getEnquiryPage', summary: 'The enquiry form', tag: 'Pages',
    responses: { 200: html('The enquiry form.') },
  },
  'GET /console': {
    operationId: 'getConsolePage', summary: 'The designer console', tag: 'Pages',
    responses: { 200: html('The console; it signs designers in and calls the API.') },
  },
  'GET /console/callback': {
    operationId: 'getConsoleCallbackPage', summary: "The console, as the sign-in's redirect target", tag: 'Pages',
    responses: { 200: html('The console, which takes the token from the redirect.') },
  },
  'GET /assets/{file}': {
    operationId: 'getAsset', summary: "A script, style sheet or picture of the pages", tag: 'Pages',
    responses: {
      200: { description: 'The asset; large ones gzip-encoded.', text: ['text/javascript', 'text/css', 'text/plain', 'image/png', 'image/svg+xml'] },
      304: { description: 'Unchanged since the ETag given in If-None-Match.', empty: true },
      404: { description: 'No such asset.', text: ['text/plain'] },
    },
  },
  'GET /confirm/{id}': {
    operationId: 'getConfirmationPage', summary: "The enquiry's confirmation page, behind the signed link emailed on submit", tag: 'Pages', query: StatusLinkQuery,
    responses: {
      200: html('What was asked for, and a "Confirm my enquiry" button (a form that POSTs to this URL); or, once confirmed, a link to the status page. Opening it confirms nothing.'),
      403: pageOrError('The link is incomplete, was changed or has expired (for `Accept: application/json`, the error shape).'),
      410: pageOrError('The enquiry was deleted unconfirmed (for `Accept: application/json`, the error shape).'),
      500: pageOrError('A failure of ours (for `Accept: application/json`, the error shape).'),
    },
  },
  'POST /confirm/{id}': {
    operationId: 'confirmEnquiry', summary: 'Confirm the enquiry: it enters the studio\'s queue and its workflow starts', tag: 'Pages', query: StatusLinkQuery,
    responses: {
      303: { description: "Confirmed (now or before): `Location` is the customer's status link.", empty: true },
      403: pageOrError('The link is incomplete, was changed or has expired (for `Accept: application/json`, the error shape).'),
      410: pageOrError('The enquiry was deleted unconfirmed (for `Accept: application/json`, the error shape).'),
      500: pageOrError('A failure of ours (for `Accept: application/json`, the error shape).'),
    },
  },
  'GET /status/{id}': {
    operationId: 'getStatusPage', summary: "The customer's status page, behind a signed link", tag: 'Pages', query: StatusLinkQuery,
    responses: {
      200: html('The status of the commission.'),
      403: html('The link is incomplete or was changed (`link_invalid`), has expired (`link_expired`), or was replaced by a newer one (`link_replaced`); as the error JSON for `Accept: application/json`.'),
      404: html('No such commission.'),
      410: html("The commission's details were erased (at the customer's request, or after the retention period)."),
      500: html('A failure of ours, as a page.'),
    },
  },
  'POST /status/{id}/design': {
    operationId: 'answerDesign', summary: "The customer's answer to the design proposal (approve, or ask for changes), behind the status link", tag: 'Customers',
    query: StatusLinkQuery, body: 'CustomerDesignAnswer',
    responses: {
      202: { description: 'Recorded and handed to the workflow (a JSON answer).', json: 'DesignAnswered' },
      303: { description: "Recorded (the status page's form, `application/x-www-form-urlencoded`): `Location` is the status page.", empty: true },
      400: pageOrError('Not valid (`validation_failed`, with `fields`) or not JSON (`malformed_json`); a page for a form post.'),
      403: pageOrError('The link is incomplete or was changed (`link_invalid`), has expired (`link_expired`), or was replaced (`link_replaced`).'),
      404: pageOrError('No such commission (`not_found`).'),
      409: pageOrError('No proposal of this revision awaits the customer (`not_awaiting_customer`): answered already, superseded or lapsed.'),
      410: pageOrError('The commission was erased (`erased`), or its workflow no longer waits (`workflow_closed`).'),
      413: refused('The body is too large (`payload_too_large`).'),
      415: refused('Neither JSON nor a form (`unsupported_media_type`).'),
      500: pageOrError('A failure of ours.'),
    },
  },
};
