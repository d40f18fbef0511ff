/**
 * The function catalogue: every Lambda of the product, what triggers it and what it may touch.
 *
 * Read by CDK (infra/commission-stack.ts) to build functions, routes, grants and environment,
 * and by the local runtime (infra/local/) to route HTTP requests and workflow tasks to the very
 * same handler modules. One list, so the cloud and the laptop cannot drift apart.
 *
 * What an entry may hold is in functions/core/lib/function-spec.ts (re-exported here).
 */
import type { FunctionAccess, FunctionSpec } from './core/lib/function-spec.ts';

export type { RouteAuth, HttpRoute, TableAction, PartitionFamily, TableAccess, FunctionAccess, FunctionSpec, ObjectAction } from './core/lib/function-spec.ts';

export const functionCatalogue = [
  {
    name: 'health',
    description: 'Liveness answer for monitors and the local runner.',
    routes: [{ method: 'GET', path: '/health', auth: 'public' }],
    access: {},
  },
  {
    name: 'submit-enquiry',
    description: "Stores a customer's enquiry (idempotently), unconfirmed, and emails the address given a link to confirm it.",
    routes: [{ method: 'POST', path: '/commissions', auth: 'public' }],
    access: {
      table: {
        items: {
          // The offer (the registry), the Idempotency-Key binding, the new record and its
          // confirmation email's ledger entry (Put; Update: a claim given back, a refusal in the
          // history): nothing it could delete.
          origins: ['Query'],
          idempotency: ['PutItem', 'GetItem'],
          commission: ['PutItem', 'UpdateItem'],
          // The sender's quota counters, each taken with one conditional update.
          quota: ['UpdateItem'],
        },
      },
      email: true,
      // Signs the confirmation link.
      statusLinks: true,
      enquiryQuotas: true,
    },
  },
  {
    name: 'confirm-enquiry',
    description: "The enquiry's confirmation page (GET shows it) and its button (POST confirms and starts the workflow).",
    routes: [
      { method: 'GET', path: '/confirm/{id}', auth: 'public' },
      { method: 'POST', path: '/confirm/{id}', auth: 'public' },
    ],
    access: {
      // The record: read it, confirm it with one conditional write.
      table: { items: { commission: ['GetItem', 'UpdateItem'] } },
      workflowStart: true,
      // Checks the confirmation link, and links the status page.
      statusLinks: true,
    },
  },
  {
    name: 'start-stranded-enquiries',
    description: 'Every few minutes: starts the workflow of any confirmed enquiry that has none (reliability rule 8).',
    schedule: 'rate(5 minutes)',
    // The sparse index of confirmed enquiries not started (keys only), and the record's mark taken off once started.
    access: { table: { items: { commission: ['UpdateItem'] }, startPending: true }, workflowStart: true },
    timeoutSeconds: 60,
  },
  {
    name: 'list-commissions',
    description: "The designers' queue: commissions by stage, oldest waiting first; or found by reference or customer email.",
    routes: [{ method: 'GET', path: '/commissions', auth: 'designer' }],
    access: { table: { stageQueue: true, search: true } },
  },
  {
    name: 'get-commission',
    description: 'One commission with its audit history, for designers.',
    routes: [{ method: 'GET', path: '/commissions/{id}', auth: 'designer' }],
    access: { table: { items: { commission: ['GetItem'] } } },
  },
  {
    name: 'decide-stage',
    description: "Records a designer's decision (claimed with a conditional write) and resumes the workflow.",
    routes: [{ method: 'POST', path: '/commissions/{id}/decisions', auth: 'designer' }],
    access: {
      table: {
        items: {
          commission: ['GetItem', 'UpdateItem'],
          origins: ['Query'],
          studio: ['GetItem'],
          sourced: ['PutItem'], // the note of a Fairtrade sourcing
        },
      },
      workflowCallback: true,
    },
  },
  {
    name: 'record-payment',
    description: 'Records a payment (deposit, balance or refund) idempotently, in one conditional write, and emails the customer a receipt.',
    routes: [{ method: 'POST', path: '/commissions/{id}/payments', auth: 'designer' }],
    access: {
      table: {
        items: {
          // The record (read, then one conditional append) and its email-ledger entries beside it
          // (Put; Update: a claim given back); the Idempotency-Key binding.
          commission: ['GetItem', 'UpdateItem', 'PutItem'],
          idempotency: ['PutItem', 'GetItem'],
        },
      },
      email: true,
      // The receipt links the status page.
      statusLinks: true,
    },
  },
  {
    name: 'list-origins',
    description: 'The registry of certified origins (mines and cooperatives), for designers.',
    routes: [{ method: 'GET', path: '/origins', auth: 'designer' }],
    access: { table: { items: { origins: ['Query'] } } },
  },
  {
    name: 'add-origin',
    description: 'Adds a certified origin to the registry (409 if that name is registered in that country).',
    routes: [{ method: 'POST', path: '/origins', auth: 'designer' }],
    access: { table: { items: { origins: ['Query', 'PutItem'] } } },
  },
  {
    name: 'verify-origin',
    description: "Records a designer's check of an origin's current certificate: what makes a certification verified.",
    routes: [{ method: 'POST', path: '/origins/{originId}/verifications', auth: 'designer' }],
    access: { table: { items: { origins: ['Query', 'PutItem'] } } },
  },
  {
    name: 'edit-origin',
    description: "Corrects or retires an origin (a designer's edit: the seed never overwrites it again).",
    routes: [{ method: 'PATCH', path: '/origins/{originId}', auth: 'designer' }],
    access: { table: { items: { origins: ['Query', 'PutItem'] } } },
  },
  {
    name: 'get-offer',
    description: 'What an enquiry may ask for: the scheme × metal pairs the registry can source, plus recycled and customer-own metal.',
    routes: [{ method: 'GET', path: '/offer', auth: 'public' }],
    access: { table: { items: { origins: ['Query'] } } },
  },
  {
    name: 'put-studio-licences',
    description: "Records the studio's licences (Fairtrade licensee or registered goldsmith, Fairmined licensee): they decide what may be claimed.",
    routes: [{ method: 'PUT', path: '/studio/licences', auth: 'designer' }],
    access: { table: { items: { studio: ['PutItem'] } } },
  },
  {
    name: 'get-studio-licences',
    description: "The studio's licences and, for a Fairtrade registered goldsmith, this year's sourced Fairtrade weight against the cap.",
    routes: [{ method: 'GET', path: '/studio/licences', auth: 'designer' }],
    access: {
      table: {
        // The licences; the year's notes of Fairtrade sourcings; the sourcing of the commissions they point to.
        items: { studio: ['GetItem'], sourced: ['Query'], commission: ['BatchGetItem'] },
      },
    },
  },
  {
    name: 'check-certifications',
    description: 'Daily: emails the studio 60 days before a verified certification stops counting (certificate runs out, or check turns 12 months old), once each.',
    schedule: 'rate(1440 minutes)',
    // The registry, and the notice claimed beside it (given back, deleted, if it could not be sent).
    access: { table: { items: { origins: ['Query', 'PutItem', 'DeleteItem'] } }, email: true },
    timeoutSeconds: 60,
  },
  {
    name: 'seed-origins',
    description: 'On deploy and local start: writes the seed file of certified origins, never over a designer\'s.',
    runOnDeploy: true,
    access: { table: { items: { origins: ['GetItem', 'PutItem'] } } },
    timeoutSeconds: 60,
  },
  {
    name: 'get-provenance',
    description: "The public provenance certificate of a completed piece, as a printable HTML page.",
    routes: [{ method: 'GET', path: '/provenance/{certificateId}', auth: 'public' }],
    access: { table: { items: { certificate: ['GetItem'] } }, publicLinks: true },
  },
  {
    name: 'web-pages',
    description: "The enquiry form, the designer console, their static assets and the API's OpenAPI 3.1 contract (no data access).",
    routes: [
      { method: 'GET', path: '/', auth: 'public' },
      { method: 'GET', path: '/console', auth: 'public' },
      { method: 'GET', path: '/console/callback', auth: 'public' },
      { method: 'GET', path: '/assets/{file}', auth: 'public' },
      { method: 'GET', path: '/openapi.json', auth: 'public' },
    ],
    access: { webAssets: true, attachmentPages: true },
  },
  {
    name: 'status-page',
    description: "The customer's status page, behind a signed, expiring link.",
    routes: [{ method: 'GET', path: '/status/{id}', auth: 'public' }],
    access: { table: { items: { commission: ['GetItem'] } }, statusLinks: true, attachmentPages: true },
  },
  {
    name: 'answer-design',
    description: "The customer's answer to a design proposal (approve, or ask for changes), behind the status page's signed link; claimed like a decision, then resumes the workflow.",
    routes: [{ method: 'POST', path: '/status/{id}/design', auth: 'public' }],
    access: { table: { items: { commission: ['GetItem', 'UpdateItem'] } }, statusLinks: true, workflowCallback: true },
  },
  {
    name: 'renew-status-link',
    description: "Replaces a customer's status link (every link sent before stops working) and emails them the new one.",
    routes: [{ method: 'POST', path: '/commissions/{id}/status-link', auth: 'designer' }],
    access: {
      table: {
        items: {
          // The record (Get, Update) and its email-ledger entries beside it (Put, Delete: a claim given back).
          commission: ['GetItem', 'UpdateItem', 'PutItem', 'DeleteItem'],
        },
      },
      email: true,
      statusLinks: true,
    },
  },
  {
    name: 'erase-commission',
    description: "Erases the customer's personal data from a closed (or never confirmed) commission, keeping what the certificate and the accounts need.",
    routes: [{ method: 'POST', path: '/commissions/{id}/erasure', auth: 'designer' }],
    // The record (read, then one conditional write) and its email-ledger entries beside it (found,
    // stripped); the commission's files (listed, deleted).
    access: { table: { items: { commission: ['GetItem', 'UpdateItem', 'Query'] } }, attachments: ['ListBucket', 'DeleteObject'] },
  },
  {
    name: 'erase-closed-commissions',
    description: 'Daily: erases the personal data of commissions cancelled more than RETENTION_DAYS_CLOSED days ago, oldest first.',
    schedule: 'rate(1440 minutes)',
    // The CANCELLED queue, oldest first; each record erased, its email ledger stripped, its files deleted.
    access: {
      table: { items: { commission: ['GetItem', 'UpdateItem', 'Query'] }, stageQueue: true },
      retention: true,
      attachments: ['ListBucket', 'DeleteObject'],
    },
    timeoutSeconds: 300,
  },
  {
    name: 'add-attachment',
    description: "Grants a designer's upload of a file to a commission (a presigned POST pinning key, type and size); the file stays pending until checked.",
    routes: [{ method: 'POST', path: '/commissions/{id}/attachments', auth: 'designer' }],
    // The record (read; the file added with one conditional write); the upload signed for its one key.
    access: { table: { items: { commission: ['GetItem', 'UpdateItem'] } }, attachments: ['PutObject'] },
  },
  {
    name: 'add-inspiration',
    description: "Grants the customer's upload of an inspiration image from the status page (ENQUIRY or DESIGN, at most five).",
    routes: [{ method: 'POST', path: '/status/{id}/attachments', auth: 'public' }],
    access: { table: { items: { commission: ['GetItem', 'UpdateItem'] } }, attachments: ['PutObject'], statusLinks: true },
  },
  {
    name: 'check-upload',
    description: "S3 trigger: checks a landed file's size and leading bytes against what was declared; ready, or rejected and deleted.",
    // The record (read; the file marked with one conditional write); the object read (head, first bytes) and deleted if it lies.
    access: { table: { items: { commission: ['GetItem', 'UpdateItem'] } }, attachments: ['GetObject', 'DeleteObject'] },
  },
  {
    name: 'get-attachment',
    description: "A designer's link to a commission's file: a redirect to a presigned GET valid a few minutes.",
    routes: [{ method: 'GET', path: '/commissions/{id}/attachments/{attachmentId}', auth: 'designer' }],
    access: { table: { items: { commission: ['GetItem'] } }, attachments: ['GetObject'] },
  },
  {
    name: 'get-status-attachment',
    description: "The customer's link to an image they may see (behind the status link): a redirect to a presigned GET valid a few minutes.",
    routes: [{ method: 'GET', path: '/status/{id}/attachments/{attachmentId}', auth: 'public' }],
    access: { table: { items: { commission: ['GetItem'] } }, attachments: ['GetObject'], statusLinks: true },
  },
  {
    name: 'enter-stage',
    description: "Workflow task: tells the customer about the commission's current stage, once per stage and revision.",
    workflowPlaceholder: 'EnterStageFunction',
    access: {
      table: {
        items: {
          // The record (Get, Update) and its email-ledger entries beside it (Put; Update: a claim given back).
          commission: ['GetItem', 'UpdateItem', 'PutItem'],
          // The provenance certificate of a COMPLETED piece, issued once.
          certificate: ['PutItem'],
        },
      },
      email: true,
      publicLinks: true,
      statusLinks: true,
    },
  },
  {
    name: 'await-decision',
    description: 'Workflow task: stores the task token on the commission and tells whoever is awaited (the studio, or the customer a design proposal awaits).',
    workflowPlaceholder: 'AwaitDecisionFunction',
    access: {
      table: {
        items: {
          // The record (Get, Update) and its email-ledger entries beside it (Put; Update: a claim given back).
          commission: ['GetItem', 'UpdateItem', 'PutItem'],
        },
      },
      email: true,
      statusLinks: true, // the proposal email links the status page
      workflowCallback: true,
    },
  },
  {
    name: 'chase-stalled-stage',
    description: 'Workflow task: a decision is overdue; remind the studio, then escalate, then give up. A proposal the customer has not answered: remind them, tell the studio, then let it lapse.',
    workflowPlaceholder: 'ChaseStalledStageFunction',
    access: {
      table: {
        items: {
          // The record (Get, Update) and its email-ledger entries beside it (Put; Update: a claim given back).
          commission: ['GetItem', 'UpdateItem', 'PutItem'],
        },
      },
      email: true,
      statusLinks: true, // the customer's reminders link the status page
    },
  },
  {
    name: 'record-failure',
    description: 'Workflow task: records that the workflow failed and alerts the studio.',
    workflowPlaceholder: 'RecordFailureFunction',
    access: {
      table: {
        items: {
          // The record (Get, Update) and its email-ledger entries beside it (Put; Update: a claim given back).
          commission: ['GetItem', 'UpdateItem', 'PutItem'],
        },
      },
      email: true,
    },
  },
] as const satisfies readonly FunctionSpec[];

export type FunctionName = (typeof functionCatalogue)[number]['name'];

/** Environment variable names, shared by the stack, the local runtime and the handlers' config. */
export const ENV = {
  tableName: 'TABLE_NAME',
  stateMachineArn: 'STATE_MACHINE_ARN',
  senderEmail: 'SENDER_EMAIL',
  studioEmail: 'STUDIO_EMAIL',
  sesConfigurationSet: 'SES_CONFIGURATION_SET',
  /** The API's public base URL (no trailing slash), for links in emails. */
  publicBaseUrl: 'PUBLIC_BASE_URL',
  /** Secrets Manager id (ARN) of the status-link signing secret. */
  statusLinkSecretId: 'STATUS_LINK_SECRET_ID',
  /** Folder holding the built web assets (`/assets/{file}`). */
  webAssetsDir: 'WEB_ASSETS_DIR',
  /** JSON: the hosted UI the console signs designers in through (Cognito's on AWS, the local identity's locally). */
  consoleSignIn: 'CONSOLE_SIGN_IN',
  /** Enquiries admitted per client IP per hour (default 10). */
  enquiryLimitPerIp: 'ENQUIRY_LIMIT_PER_IP',
  /** Enquiries admitted per customer address per 24 hours (default 3). */
  enquiryLimitPerEmail: 'ENQUIRY_LIMIT_PER_EMAIL',
  /** Days a cancelled commission keeps its customer's personal data (default 365). */
  retentionDaysClosed: 'RETENTION_DAYS_CLOSED',
  /** Request header holding the client's address, set by the edge (CloudFront: `cloudfront-viewer-address`); unset: the connection's source IP. */
  clientIpHeader: 'CLIENT_IP_HEADER',
  /** What CloudFront's origin-verify header carries: the client-IP header is believed only with it. */
  edgeOriginToken: 'EDGE_ORIGIN_TOKEN',
  /** The attachments bucket's name. */
  attachmentsBucket: 'ATTACHMENTS_BUCKET',
  /**
   * The origin browsers upload to and load images from (the pages' CSP allows it and nothing wider):
   * the bucket's regional endpoint on AWS, the local emulator's locally.
   */
  attachmentsOrigin: 'ATTACHMENTS_ORIGIN',
} as const;

/**
 * Executions start through this alias of the state machine (on AWS it routes to the published
 * version deployed last; running executions stay on the version they started on).
 */
export const WORKFLOW_ALIAS = 'live';

/** Which environment variables each kind of access needs. */
export function environmentNamesFor(access: FunctionAccess): string[] {
  // A variable two kinds of access need (PUBLIC_BASE_URL) is listed once.
  const names: string[] = [];
  if (access.table) names.push(ENV.tableName);
  if (access.workflowStart) names.push(ENV.stateMachineArn);
  if (access.email) names.push(ENV.senderEmail, ENV.studioEmail, ENV.sesConfigurationSet);
  if (access.publicLinks) names.push(ENV.publicBaseUrl);
  if (access.statusLinks) names.push(ENV.statusLinkSecretId, ENV.publicBaseUrl);
  if (access.webAssets) names.push(ENV.webAssetsDir, ENV.consoleSignIn);
  if (access.retention) names.push(ENV.retentionDaysClosed);
  if (access.enquiryQuotas) names.push(ENV.enquiryLimitPerIp, ENV.enquiryLimitPerEmail);
  if (access.attachments) names.push(ENV.attachmentsBucket);
  if (access.attachmentPages) names.push(ENV.attachmentsOrigin);
  return [...new Set(names)];
}
