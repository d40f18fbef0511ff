/**
 * What an entry of the function catalogue (functions/catalogue.ts) may say: its routes, schedule,
 * workflow placeholder, and exactly what it may touch. Types only; the catalogue re-exports them.
 */
/** Who may call an HTTP route: anyone, or a signed-in member of the designers group. */
export type RouteAuth = 'public' | 'designer';

export interface HttpRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** API Gateway route path, e.g. `/commissions/{id}`. */
  path: string;
  auth: RouteAuth;
}

/**
 * A DynamoDB action on the table's items (IAM `dynamodb:<action>`). Scan is not one: it has no
 * partition key to hold it to, and nothing needs it. Nor are the stream actions.
 */
export type TableAction =
  | 'GetItem'
  | 'BatchGetItem'
  | 'Query'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'BatchWriteItem'
  | 'ConditionCheckItem';

/**
 * A family of partitions of the table; functions/core/adapters/table-keys.ts (PARTITION_FAMILIES)
 * says which partition keys each covers.
 */
export type PartitionFamily = 'commission' | 'idempotency' | 'origins' | 'certificate' | 'studio' | 'sourced' | 'quota';

/**
 * What a function does to the table, exactly as its code does it (the local runtime refuses any
 * other call: infra/local/grant-guard.ts). Each family becomes one IAM statement whose
 * `dynamodb:LeadingKeys` condition admits only that family's partition keys.
 */
export interface TableAccess {
  /** The actions it issues, per family of partitions it touches. */
  items?: Partial<Record<PartitionFamily, readonly TableAction[]>>;
  /** Queries the designers' queue: dynamodb:Query on the byStage index, and on no other index. */
  stageQueue?: boolean;
  /** Finds commissions by reference or customer email: dynamodb:Query on the two search indexes (queue lines only). */
  search?: boolean;
  /** Queries the sparse index of confirmed enquiries whose workflow has not started (byStartPending): keys only. */
  startPending?: boolean;
}

/**
 * What a function does to the attachments bucket's objects (IAM `s3:<action>` on `commissions/*`;
 * `ListBucket` on the bucket, held to that prefix). A presigned POST or GET carries the signer's
 * rights, so signing one needs PutObject or GetObject.
 */
export type ObjectAction = 'PutObject' | 'GetObject' | 'DeleteObject' | 'ListBucket';

/** What a function may touch. Each access sets both its environment and its IAM grant. */
export interface FunctionAccess {
  /** The commission table: which actions on which partitions, and whether it reads the queue index. */
  table?: TableAccess;
  /** Send email through SES with the configuration set (sender, studio address). */
  email?: boolean;
  /** Start executions of the commission workflow. */
  workflowStart?: boolean;
  /** Answer the workflow's waiting tasks (SendTaskSuccess / Failure / Heartbeat). */
  workflowCallback?: boolean;
  /** Build public links to the API (the provenance certificate): sets PUBLIC_BASE_URL, no grant. */
  publicLinks?: boolean;
  /**
   * Sign or check the customers' status links: read the status-link secret (Secrets Manager),
   * and know the public base URL the links point at.
   */
  statusLinks?: boolean;
  /** Erase closed commissions' personal data after a period: sets RETENTION_DAYS_CLOSED, no grant. */
  retention?: boolean;
  /** Take enquiries from the senders' quotas: ENQUIRY_LIMIT_PER_IP and ENQUIRY_LIMIT_PER_EMAIL (no grant beyond `table`). */
  enquiryQuotas?: boolean;
  /**
   * Serve the web pages' static assets (built by infra/browser-build.ts into the function's package)
   * and tell the console how designers sign in.
   */
  webAssets?: boolean;
  /**
   * The attachments bucket (ATTACHMENTS_BUCKET): the actions it takes on objects. Only the
   * functions that grant uploads, check them, or erase may write or delete.
   */
  attachments?: readonly ObjectAction[];
  /**
   * A page that shows the bucket's images or uploads to it (the console, the status page): sets
   * ATTACHMENTS_ORIGIN, which its CSP allows for images and connections; no grant.
   */
  attachmentPages?: boolean;
}

export interface FunctionSpec {
  /** Kebab-case; the handler is `functions/<name>.ts`, export `handler`. */
  name: string;
  description: string;
  /** HTTP routes served by this function (API Gateway HTTP API, payload format 2.0). */
  routes?: HttpRoute[];
  /**
   * The placeholder this function fills in the workflow definition:
   * `${<workflowPlaceholder>}` in workflows/commission.asl.json becomes its ARN on AWS
   * and its catalogue name locally.
   */
  workflowPlaceholder?: string;
  /** Runs on a schedule (EventBridge expression on AWS, an interval locally), e.g. `rate(5 minutes)`. */
  schedule?: `rate(${number} minutes)`;
  /**
   * Runs once on every deploy whose input changed (a CloudFormation custom resource on AWS) and at
   * every `npm start` locally: e.g. seeding reference data. Must be idempotent.
   */
  runOnDeploy?: boolean;
  access: FunctionAccess;
  /** Memory in MB; defaults to DEFAULT_MEMORY_MB (infra/constructs/function-defaults.ts). */
  memoryMb?: number;
  /** Timeout in seconds; defaults to DEFAULT_TIMEOUT_SECONDS (infra/constructs/function-defaults.ts). */
  timeoutSeconds?: number;
}
