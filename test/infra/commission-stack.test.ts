/**
 * Invariants of the synthesized stack: the things that must stay true whatever is added later
 * (every wait bounded, every function logged and least-privileged, nag clean), not counts.
 *
 * One synth for the whole file (bundling skipped), through the same buildApp() the CDK app runs,
 * so the nag plugin and context checked here are the ones `cdk synth` uses.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { App, CfnResource, Stack, type CfnElement } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { ENV, environmentNamesFor, functionCatalogue, type FunctionSpec, type PartitionFamily } from '../../functions/catalogue.ts';
import { PARTITION_FAMILIES, SEARCH_INDEXES, STAGE_INDEX, START_PENDING_INDEX } from '../../functions/core/adapters/table-keys.ts';
import { tableDesign, type IndexDesign } from '../../infra/table-design.ts';
import type { CommissionStack } from '../../infra/commission-stack.ts';
import { nagFindings, SYNTH_TIMEOUT_MS, synthesizeTestStack } from '../support/test-stack.ts';
import { DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_SECONDS } from '../../infra/constructs/function-defaults.ts';
import { VOLUME_ALARMS } from '../../infra/constructs/studio-alarms.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
interface Resource {
  Type: string;
  Properties?: JsonObject;
  DependsOn?: string | string[];
}
interface State extends JsonObject {
  Type: string;
}

const catalogue = functionCatalogue as readonly FunctionSpec[];
const MAX_WAIT_SECONDS = 21 * 24 * 60 * 60; // 1_814_400: reliability rule 3

let app: App;
let stack: CommissionStack;
let assembly: CloudAssembly;
let resources: Record<string, Resource>;
/** Every rule the AwsSolutions pack applied during the synth, and to which construct. */
const nagEvaluations: { rule: string; path: string }[] = [];

/** The part of cdk-nag 3's NagPack that every rule check goes through (protected in its types). */
interface NagRuleApplier {
  applyRule(params: { ruleSuffixOverride?: string; rule: { name: string }; node: CfnResource }): void;
}

beforeAll(() => {
  ({ app, stack, assembly, resources } = synthesizeTestStack<Resource>({}, watchNag));
  // The synth with cdk-nag takes about a minute alone and longer beside the other test files on
  // two cores: past vitest's 60 s hook timeout, which skipped every test of this file.
}, SYNTH_TIMEOUT_MS);

function watchNag(app: App) {
  // Watch the pack registered on the app: the validation report lists findings only, so a clean
  // report cannot tell a nag that passed from one that never ran.
  const nag = app._validationPlugins.find((plugin) => plugin.name === 'AwsSolutions') as unknown as NagRuleApplier | undefined;
  if (nag) {
    const applyRule = nag.applyRule.bind(nag);
    nag.applyRule = (params) => {
      nagEvaluations.push({ rule: params.ruleSuffixOverride ?? params.rule.name, path: params.node.node.path });
      applyRule(params);
    };
  }
}

// ── helpers ──────────────────────────────────────────────────────────────────────────────────

const logicalId = (element: unknown): string => Stack.of(stack).getLogicalId(element as CfnElement);
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const props = (id: string): JsonObject => resources[id]?.Properties ?? {};
const envOf = (name: string) => (props(functionOf(name).functionId).Environment as { Variables: JsonObject }).Variables;
const isRef = (value: Json | undefined, id: string) =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && value.Ref === id;

function functionOf(name: string) {
  const fn = stack.functions.get(name);
  if (!fn) throw new Error(`no function ${name} in the stack`);
  return {
    fn,
    functionId: logicalId(fn.fn.node.defaultChild),
    roleId: logicalId(fn.role.node.defaultChild),
  };
}

/** Every IAM statement attached to a role, from any AWS::IAM::Policy naming it. */
function statementsOfRole(roleId: string): JsonObject[] {
  return ofType('AWS::IAM::Policy')
    .filter(([, r]) => ((r.Properties?.Roles ?? []) as Json[]).some((role) => isRef(role, roleId)))
    .flatMap(([, r]) => (r.Properties!.PolicyDocument as { Statement: JsonObject[] }).Statement);
}

const actionsOf = (statements: JsonObject[]) =>
  statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])).map(String);

/** The definition as deployed: Fn::Join parts with each GetAtt replaced by a readable marker. */
function renderedDefinition(): { text: string; definition: { States: Record<string, State> } } {
  const [[, machine]] = ofType('AWS::StepFunctions::StateMachine') as [[string, Resource]];
  const raw = machine.Properties!.DefinitionString as Json;
  const parts: Json[] = typeof raw === 'string' ? [raw] : ((raw as { 'Fn::Join': [string, Json[]] })['Fn::Join'][1]);
  const text = parts
    .map((part) => {
      if (typeof part === 'string') return part;
      const getAtt = (part as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
      if (!getAtt) throw new Error(`unexpected token in definition: ${JSON.stringify(part)}`);
      return `arn:test:lambda:${getAtt[0]}`;
    })
    .join('');
  return { text, definition: JSON.parse(text) as { States: Record<string, State> } };
}

/** All states, including those nested in Parallel branches and Map iterators. */
function allStates(states: Record<string, State>): [string, State][] {
  return Object.entries(states).flatMap(([name, state]) => {
    const nested = [
      ...((state.Branches as { States: Record<string, State> }[] | undefined) ?? []),
      ...[state.ItemProcessor, state.Iterator].filter(Boolean).map((p) => p as { States: Record<string, State> }),
    ];
    return [[name, state] as [string, State], ...nested.flatMap((b) => allStates(b.States))];
  });
}

const catches = (state: State) => ((state.Catch ?? []) as { ErrorEquals: string[] }[]).flatMap((c) => c.ErrorEquals);
const invokedFunction = (state: State) => String((state.Parameters as JsonObject | undefined)?.FunctionName ?? '');

// ── the workflow ─────────────────────────────────────────────────────────────────────────────

describe('workflow', () => {
  it('is a STANDARD state machine (waits of days are beyond an Express workflow)', () => {
    for (const [, machine] of ofType('AWS::StepFunctions::StateMachine')) {
      expect(machine.Properties?.StateMachineType).toBe('STANDARD');
    }
  });

  it('is deployed with every placeholder filled (no ${…} left, no CloudFormation substitutions)', () => {
    const { text } = renderedDefinition();
    expect(text).not.toContain('${');
    for (const [, machine] of ofType('AWS::StepFunctions::StateMachine')) {
      expect(machine.Properties?.DefinitionSubstitutions).toBeUndefined();
    }
  });

  it('fills each placeholder with the ARN of the catalogue function that names it', () => {
    const { definition } = renderedDefinition();
    const tasks = allStates(definition.States).filter(([, s]) => s.Type === 'Task');
    const invoked = new Set(tasks.map(([, s]) => invokedFunction(s)));
    for (const spec of catalogue.filter((s) => s.workflowPlaceholder)) {
      expect(invoked, `${spec.name} (${spec.workflowPlaceholder})`).toContain(
        `arn:test:lambda:${functionOf(spec.name).functionId}`,
      );
    }
  });

  it('bounds every waitForTaskToken task by ≤ 21 days and catches its States.Timeout', () => {
    const { definition } = renderedDefinition();
    const waits = allStates(definition.States).filter(
      ([, s]) => s.Type === 'Task' && String(s.Resource).endsWith('.waitForTaskToken'),
    );
    expect(waits.length).toBeGreaterThan(0);
    for (const [name, state] of waits) {
      expect(state.TimeoutSeconds, name).toBeTypeOf('number');
      expect(state.TimeoutSeconds as number, name).toBeGreaterThan(0);
      expect(state.TimeoutSeconds as number, name).toBeLessThanOrEqual(MAX_WAIT_SECONDS);
      expect(catches(state), name).toContain('States.Timeout');
    }
  });

  it('catches States.ALL on every task except the failure recorder itself', () => {
    const { definition } = renderedDefinition();
    const recorder = `arn:test:lambda:${functionOf('record-failure').functionId}`;
    for (const [name, state] of allStates(definition.States).filter(([, s]) => s.Type === 'Task')) {
      if (invokedFunction(state) === recorder) continue;
      expect(catches(state), name).toContain('States.ALL');
    }
  });

  it('logs ALL events without execution data (task inputs carry task tokens)', () => {
    for (const [, machine] of ofType('AWS::StepFunctions::StateMachine')) {
      const logging = machine.Properties?.LoggingConfiguration as JsonObject;
      expect(logging.Level).toBe('ALL');
      expect(logging.IncludeExecutionData).toBe(false);
    }
  });

  it('may invoke the workflow task functions and nothing else', () => {
    const roleId = logicalId(stack.stateMachine.role.node.defaultChild);
    const invokes = statementsOfRole(roleId).filter((s) => actionsOf([s]).some((a) => a.startsWith('lambda:')));
    const targets = invokes.flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]));
    const expected = catalogue
      .filter((s) => s.workflowPlaceholder)
      .map((s) => ({ 'Fn::GetAtt': [functionOf(s.name).functionId, 'Arn'] }));
    expect(targets).toEqual(expect.arrayContaining(expected));
    expect(targets).toHaveLength(expected.length);
  });

  it('starts executions only through the live alias, over a retained published version', () => {
    const machineId = logicalId(stack.stateMachine.node.defaultChild);
    const [[versionId, version]] = ofType('AWS::StepFunctions::StateMachineVersion') as [[string, Resource & { DeletionPolicy?: string; UpdateReplacePolicy?: string }]];
    expect(version.Properties?.StateMachineArn).toEqual({ Ref: machineId });
    expect(version.Properties?.StateMachineRevisionId).toEqual({ 'Fn::GetAtt': [machineId, 'StateMachineRevisionId'] });
    // A running commission keeps its version: a later deploy must not delete it.
    expect(version.DeletionPolicy).toBe('Retain');
    expect(version.UpdateReplacePolicy).toBe('Retain');

    const [[aliasId, alias]] = ofType('AWS::StepFunctions::StateMachineAlias') as [[string, Resource]];
    expect(alias.Properties?.RoutingConfiguration).toEqual([{ StateMachineVersionArn: { 'Fn::GetAtt': [versionId, 'Arn'] }, Weight: 100 }]);

    for (const spec of catalogue.filter((s) => s.access.workflowStart)) {
      const { functionId, roleId } = functionOf(spec.name);
      const env = (props(functionId).Environment as { Variables: JsonObject }).Variables;
      expect(env.STATE_MACHINE_ARN, spec.name).toEqual({ Ref: aliasId });
      const starts = statementsOfRole(roleId).filter((st) => actionsOf([st]).includes('states:StartExecution'));
      expect(starts.map((st) => st.Resource), spec.name).toEqual([{ Ref: aliasId }]);
    }
  });
});

// ── functions ────────────────────────────────────────────────────────────────────────────────

describe('functions', () => {
  it('run nodejs24.x on arm64', () => {
    const fns = ofType('AWS::Lambda::Function');
    expect(fns.length).toBeGreaterThan(0);
    for (const [id, fn] of fns) {
      expect(fn.Properties?.Runtime, id).toBe('nodejs24.x');
      expect(fn.Properties?.Architectures, id).toEqual(['arm64']);
    }
  });

  it('each log to their own log group, which has a retention', () => {
    const seen = new Set<string>();
    for (const [id, fn] of ofType('AWS::Lambda::Function')) {
      const logGroup = (fn.Properties?.LoggingConfig as JsonObject | undefined)?.LogGroup as { Ref?: string } | undefined;
      expect(logGroup?.Ref, `${id} has an explicit log group`).toBeTypeOf('string');
      expect(resources[logGroup!.Ref!]?.Properties?.RetentionInDays, id).toBeGreaterThan(0);
      expect(seen.has(logGroup!.Ref!), `${id} shares a log group`).toBe(false);
      seen.add(logGroup!.Ref!);
    }
    for (const [id, logGroup] of ofType('AWS::Logs::LogGroup')) {
      expect(logGroup.Properties?.RetentionInDays, id).toBeGreaterThan(0);
    }
  });

  it('exist for every catalogue entry, with its memory, timeout and source maps', () => {
    for (const spec of catalogue) {
      const p = props(functionOf(spec.name).functionId);
      expect(p.MemorySize, spec.name).toBe(spec.memoryMb ?? DEFAULT_MEMORY_MB);
      expect(p.Timeout, spec.name).toBe(spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS);
      expect(p.Handler, spec.name).toBe('index.handler');
      const env = (p.Environment as { Variables: JsonObject }).Variables;
      expect(env.NODE_OPTIONS, spec.name).toBe('--enable-source-maps');
    }
  });

  it('that the catalogue schedules are invoked by an EventBridge rule on that schedule, and only they', () => {
    const scheduled = ofType('AWS::Events::Rule').map(([, rule]) => {
      const target = ((rule.Properties?.Targets ?? []) as { Arn: { 'Fn::GetAtt': [string, string] } }[])[0];
      return { expression: rule.Properties?.ScheduleExpression, functionId: target?.Arn['Fn::GetAtt'][0] };
    });
    const expected = catalogue
      .filter((spec) => 'schedule' in spec && spec.schedule)
      .map((spec) => ({ expression: (spec as { schedule: string }).schedule, functionId: functionOf(spec.name).functionId }));
    expect(expected.length).toBeGreaterThan(0);
    expect(scheduled).toEqual(expected);
  });

  it("receive exactly the environment their catalogue access names (no more, no less)", () => {
    // CLIENT_IP_HEADER and EDGE_ORIGIN_TOKEN come with the edge, not with an access (test/infra/public-edge.test.ts).
    const edgeOnly = new Set<string>([ENV.clientIpHeader, ENV.edgeOriginToken]);
    const ours = new Set<string>(Object.values(ENV).filter((name) => !edgeOnly.has(name)));
    for (const spec of catalogue) {
      const env = (props(functionOf(spec.name).functionId).Environment as { Variables: JsonObject }).Variables;
      const present = Object.keys(env).filter((k) => ours.has(k)).sort();
      expect(present, spec.name).toEqual([...environmentNamesFor(spec.access)].sort());
    }
  });

  it('that the catalogue runs on deploy are invoked by a custom resource, re-run when the seed data changes', () => {
    const onDeploy = catalogue.filter((spec) => spec.runOnDeploy);
    expect(onDeploy.map((spec) => spec.name)).toContain('seed-origins');
    const customResources = ofType('Custom::RunOnDeploy');
    expect(customResources).toHaveLength(onDeploy.length);
    for (const spec of onDeploy) {
      const invoked = customResources.find(([, r]) => r.Properties?.Function === spec.name);
      expect(invoked, spec.name).toBeDefined();
      // The function itself answers CloudFormation: no provider framework, no extra Lambda.
      expect(invoked![1].Properties?.ServiceToken).toEqual({ 'Fn::GetAtt': [functionOf(spec.name).functionId, 'Arn'] });
      expect(invoked![1].Properties?.DataDigest).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('that build public links get the edge’s CloudFront URL as PUBLIC_BASE_URL', () => {
    const distributionId = logicalId(stack.edge!.distribution.node.defaultChild);
    const linking = catalogue.filter((spec) => spec.access.publicLinks).map((spec) => spec.name);
    expect(linking).toEqual(expect.arrayContaining(['enter-stage', 'get-provenance']));
    for (const name of linking) {
      const env = (props(functionOf(name).functionId).Environment as { Variables: JsonObject }).Variables;
      expect(env[ENV.publicBaseUrl], name).toEqual({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]] });
    }
  });

  it('that erase closed commissions get RETENTION_DAYS_CLOSED: 365 days unless the context says otherwise', () => {
    const retaining = catalogue.filter((spec) => spec.access.retention).map((spec) => spec.name);
    expect(retaining).toEqual(['erase-closed-commissions']);
    const env = (props(functionOf('erase-closed-commissions').functionId).Environment as { Variables: JsonObject }).Variables;
    expect(env[ENV.retentionDaysClosed]).toBe('365');
  });

  describe('are least-privileged', () => {
    const actionsFor = (name: string) => actionsOf(statementsOfRole(functionOf(name).roleId));

    it('no wildcard actions, and no Resource "*" in a function role but X-Ray\'s trace writes', () => {
      // Active tracing's two actions have no resource-level permissions (test/infra/observability.test.ts).
      const xrayWrites = ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'];
      for (const spec of catalogue) {
        const statements = statementsOfRole(functionOf(spec.name).roleId);
        for (const action of actionsOf(statements)) expect(action, spec.name).not.toMatch(/\*/);
        for (const s of statements.filter((s) => actionsOf([s]).some((a) => !xrayWrites.includes(a)))) {
          expect(s.Resource, spec.name).not.toBe('*');
        }
      }
    });

    it('only functions with email access may use ses:*, and only on the sender and configuration set', () => {
      for (const spec of catalogue) {
        const sesStatements = statementsOfRole(functionOf(spec.name).roleId).filter((s) =>
          actionsOf([s]).some((a) => a.startsWith('ses:')),
        );
        if (!spec.access.email) {
          expect(sesStatements, spec.name).toEqual([]);
          continue;
        }
        expect(actionsOf(sesStatements).sort(), spec.name).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
        for (const s of sesStatements) {
          expect(JSON.stringify(s.Resource), spec.name).toMatch(/identity\/|SenderIdentity/);
          expect(JSON.stringify(s.Resource), spec.name).toContain('configuration-set/');
        }
      }
    });

    it('only functions with workflowCallback may send task results', () => {
      for (const spec of catalogue) {
        const sendTask = actionsFor(spec.name).filter((a) => a.startsWith('states:SendTask'));
        if (spec.access.workflowCallback) expect(sendTask.length, spec.name).toBeGreaterThan(0);
        else expect(sendTask, spec.name).toEqual([]);
      }
    });

    it('only functions with workflowStart may start executions', () => {
      for (const spec of catalogue) {
        const start = actionsFor(spec.name).filter((a) => a === 'states:StartExecution');
        if (spec.access.workflowStart) expect(start, spec.name).toEqual(['states:StartExecution']);
        else expect(start, spec.name).toEqual([]);
      }
    });

    describe('on the table', () => {
      const tableArn = () => ({ 'Fn::GetAtt': [logicalId(stack.table.node.defaultChild), 'Arn'] });
      const stageIndexArn = () => ({ 'Fn::Join': ['', [tableArn(), `/index/${STAGE_INDEX}`]] });
      const startPendingIndexArn = () => ({ 'Fn::Join': ['', [tableArn(), `/index/${START_PENDING_INDEX}`]] });
      const searchIndexArns = () => [...SEARCH_INDEXES].sort().map((index) => ({ 'Fn::Join': ['', [tableArn(), `/index/${index}`]] }));
      const dynamoStatementsOf = (name: string) =>
        statementsOfRole(functionOf(name).roleId).filter((s) => actionsOf([s]).some((a) => a.startsWith('dynamodb:')));
      const leadingKeys = (statement: JsonObject) =>
        (statement.Condition as { 'ForAllValues:StringLike'?: { 'dynamodb:LeadingKeys'?: Json } } | undefined)?.['ForAllValues:StringLike']?.[
          'dynamodb:LeadingKeys'
        ];
      /** One line per statement: actions on resource, for partitions; e.g. `dynamodb:GetItem on table for COMMISSION#*`. */
      const grantsOf = (name: string) =>
        dynamoStatementsOf(name)
          .map((s) => {
            const resource = JSON.stringify(s.Resource);
            const on =
              resource === JSON.stringify(tableArn()) ? 'table'
              : resource === JSON.stringify(stageIndexArn()) ? 'byStage'
              : resource === JSON.stringify(startPendingIndexArn()) ? 'byStartPending'
              : resource === JSON.stringify(searchIndexArns()) ? 'the search indexes'
              : resource;
            const keys = leadingKeys(s);
            return `${actionsOf([s]).sort().join(',')} on ${on}${keys === undefined ? '' : ` for ${[keys].flat().join(',')}`}`;
          })
          .sort();

      it('grant each function exactly its catalogue actions, per family of partitions, held by dynamodb:LeadingKeys', () => {
        for (const spec of catalogue) {
          const access = spec.access.table;
          const expected = [
            ...Object.entries(access?.items ?? {}).map(
              ([family, actions]) => `${actions.map((a) => `dynamodb:${a}`).sort().join(',')} on table for ${PARTITION_FAMILIES[family as PartitionFamily]}`,
            ),
            ...(access?.stageQueue ? ['dynamodb:Query on byStage'] : []),
            ...(access?.startPending ? ['dynamodb:Query on byStartPending'] : []),
            ...(access?.search ? ['dynamodb:Query on the search indexes'] : []),
          ].sort();
          expect(grantsOf(spec.name), spec.name).toEqual(expected);
        }
      });

      it("let the public status page and certificate only GetItem their own partitions: no Query, no Scan", () => {
        expect(grantsOf('status-page')).toEqual(['dynamodb:GetItem on table for COMMISSION#*']);
        expect(grantsOf('get-provenance')).toEqual(['dynamodb:GetItem on table for CERTIFICATE#*']);
      });

      it('give the public submit-enquiry no delete, and no write outside its enquiry, its key binding and the registry it reads', () => {
        const actions = actionsFor('submit-enquiry');
        expect(actions).not.toContain('dynamodb:DeleteItem');
        expect(actions).not.toContain('dynamodb:BatchWriteItem');
        expect(grantsOf('submit-enquiry')).toEqual([
          'dynamodb:GetItem,dynamodb:PutItem on table for IDEMPOTENCY#*',
          // The record and its confirmation email's ledger entry (Update: a claim given back, a refusal in the history).
          'dynamodb:PutItem,dynamodb:UpdateItem on table for COMMISSION#*',
          'dynamodb:Query on table for ORIGINS',
          // The sender's quota counters, each taken with one conditional update.
          'dynamodb:UpdateItem on table for QUOTA#*',
        ]);
      });

      it('grant nobody Scan, the stream actions, a wildcard action or any index but byStage (the queue readers) byStartPending (the reconciler) and the search indexes (the queue)', () => {
        const all = catalogue.flatMap((spec) => dynamoStatementsOf(spec.name));
        const unused = ['dynamodb:Scan', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:DescribeStream', 'dynamodb:ListStreams'];
        for (const action of actionsOf(all)) {
          expect(unused, action).not.toContain(action);
          expect(action).not.toContain('*');
        }
        for (const statement of all) {
          expect([tableArn(), stageIndexArn(), startPendingIndexArn(), searchIndexArns()].map((r) => JSON.stringify(r))).toContain(JSON.stringify(statement.Resource));
          // Every statement on the table names its partitions; the index statement is Query alone.
          if (JSON.stringify(statement.Resource) === JSON.stringify(tableArn())) expect(leadingKeys(statement)).toBeDefined();
          else expect(actionsOf([statement])).toEqual(['dynamodb:Query']);
        }
        const queueReaders = catalogue.filter((spec) => grantsOf(spec.name).some((g) => g.endsWith('on byStage'))).map((spec) => spec.name);
        expect(queueReaders.sort()).toEqual(['erase-closed-commissions', 'list-commissions']);
        const reconcilers = catalogue.filter((spec) => grantsOf(spec.name).some((g) => g.endsWith('on byStartPending'))).map((spec) => spec.name);
        expect(reconcilers).toEqual(['start-stranded-enquiries']);
        const searchers = catalogue.filter((spec) => grantsOf(spec.name).some((g) => g.endsWith('on the search indexes'))).map((spec) => spec.name);
        expect(searchers).toEqual(['list-commissions']);
      });
    });

    it('use no AWS managed policies', () => {
      for (const spec of catalogue) {
        expect(props(functionOf(spec.name).roleId).ManagedPolicyArns, spec.name).toBeUndefined();
      }
    });
  });
});

// ── table ────────────────────────────────────────────────────────────────────────────────────

describe('pages', () => {
  const secrets = () => ofType('AWS::SecretsManager::Secret');
  const secretId = () => secrets()[0]![0];
  const readsSecret = (name: string) =>
    statementsOfRole(functionOf(name).roleId).some(
      (s) => actionsOf([s]).includes('secretsmanager:GetSecretValue') && JSON.stringify(s.Resource).includes(secretId()),
    );

  it('sign status links with one generated secret that only the statusLinks functions may read', () => {
    expect(secrets()).toHaveLength(1);
    expect(props(secretId()).GenerateSecretString).toMatchObject({ PasswordLength: 64 });
    for (const spec of catalogue) expect(readsSecret(spec.name), spec.name).toBe(Boolean(spec.access.statusLinks));
    const anyRead = ofType('AWS::IAM::Policy').flatMap(([, r]) => (r.Properties!.PolicyDocument as { Statement: JsonObject[] }).Statement)
      .filter((s) => actionsOf([s]).some((a) => a.startsWith('secretsmanager:')));
    for (const statement of anyRead) expect(JSON.stringify(statement.Resource)).toContain(secretId());
  });

  it('are served by a function that touches no data: no table, mail, workflow or secret grant', () => {
    const { roleId } = functionOf('web-pages');
    const actions = actionsOf(statementsOfRole(roleId));
    // Its logs, and X-Ray's trace writes (active tracing: test/infra/observability.test.ts).
    const tracing = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'];
    expect(actions.filter((a) => !a.startsWith('logs:') && !tracing.includes(a))).toEqual([]);
  });

  it('point status links at the edge (or the publicUrl context) and tell the console about Cognito', () => {
    const env = (name: string) => (props(functionOf(name).functionId).Environment as { Variables: JsonObject }).Variables;
    expect(JSON.stringify(env('enter-stage')[ENV.publicBaseUrl])).toContain(logicalId(stack.edge!.distribution.node.defaultChild));
    expect(env('web-pages')[ENV.webAssetsDir]).toBe('/var/task/web');
    const signIn = JSON.stringify(env('web-pages')[ENV.consoleSignIn]);
    expect(signIn).toContain('cognito');
    expect(signIn).toMatch(/DesignerPoolSignInDomain\w+.*amazoncognito\.com.*DesignerPoolDesignerConsoleClient\w+/);
  });
});

describe('table', () => {
  it('is on-demand, point-in-time recoverable, encrypted, retained, with TTL and the designed GSIs', () => {
    const id = logicalId(stack.table.node.defaultChild);
    const p = props(id);
    expect(p.BillingMode).toBe('PAY_PER_REQUEST');
    expect(p.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(p.SSESpecification).toEqual({ SSEEnabled: true });
    expect(p.TimeToLiveSpecification).toEqual({ AttributeName: tableDesign.timeToLiveAttribute, Enabled: true });
    expect(p.KeySchema).toEqual([
      { AttributeName: tableDesign.partitionKey, KeyType: 'HASH' },
      { AttributeName: tableDesign.sortKey, KeyType: 'RANGE' },
    ]);
    const gsis = p.GlobalSecondaryIndexes as JsonObject[];
    for (const [indexName, index] of Object.entries(tableDesign.indexes) as [string, IndexDesign][]) {
      expect(gsis).toContainEqual({
        IndexName: indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection:
          typeof index.projection === 'string'
            ? { ProjectionType: index.projection }
            : { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projection] },
      });
    }
    const raw = resources[id] as Resource & { DeletionPolicy?: string; UpdateReplacePolicy?: string };
    expect(raw.DeletionPolicy).toBe('Retain');
    expect(raw.UpdateReplacePolicy).toBe('Retain');
  });

  // A changed logical ID makes CloudFormation create a new, empty table (the old one is retained,
  // but the functions would point at the new one). These are the IDs deployed today: refactors of
  // the stack's constructs must keep them (constructs/deployed-logical-id.ts).
  it('keeps the logical ID it was deployed with', () => {
    expect(logicalId(stack.table.node.defaultChild)).toBe('CommissionTable0431D592');
  });
});

// ── HTTP API and sign-in ─────────────────────────────────────────────────────────────────────

describe('HTTP API', () => {
  const routes = () =>
    new Map(ofType('AWS::ApiGatewayV2::Route').map(([id, r]) => [String(r.Properties?.RouteKey), { id, props: r.Properties! }]));
  const jwtAuthorizers = () => ofType('AWS::ApiGatewayV2::Authorizer').filter(([, a]) => a.Properties?.AuthorizerType === 'JWT');

  it('has every catalogue route, designer routes behind the JWT authorizer and public ones open', () => {
    const [[authorizerId]] = jwtAuthorizers() as [[string, Resource]];
    for (const spec of catalogue) {
      for (const route of spec.routes ?? []) {
        const found = routes().get(`${route.method} ${route.path}`);
        expect(found, `${route.method} ${route.path}`).toBeDefined();
        if (route.auth === 'designer') {
          expect(found!.props.AuthorizationType, route.path).toBe('JWT');
          expect(found!.props.AuthorizerId, route.path).toEqual({ Ref: authorizerId });
        } else {
          expect(found!.props.AuthorizationType, route.path).toBe('NONE');
          expect(found!.props.AuthorizerId, route.path).toBeUndefined();
        }
      }
    }
  });

  it('sends each route to its catalogue function, payload format 2.0', () => {
    for (const spec of catalogue) {
      for (const route of spec.routes ?? []) {
        const target = routes().get(`${route.method} ${route.path}`)!.props.Target as { 'Fn::Join': [string, Json[]] };
        const integrationId = (target['Fn::Join'][1][1] as { Ref: string }).Ref;
        const integration = props(integrationId);
        expect(integration.PayloadFormatVersion).toBe('2.0');
        expect(integration.IntegrationUri).toEqual({ 'Fn::GetAtt': [functionOf(spec.name).functionId, 'Arn'] });
      }
    }
  });

  it("trusts only the user pool's tokens issued to the console client", () => {
    const poolId = logicalId(stack.userPool.node.defaultChild);
    const [[, authorizer]] = jwtAuthorizers() as [[string, Resource]];
    const jwt = authorizer.Properties!.JwtConfiguration as { Issuer: Json; Audience: Json[] };
    const issuer = JSON.stringify(jwt.Issuer);
    expect(issuer).toContain(`"https://cognito-idp.${stack.region}."`);
    expect(issuer).toContain(JSON.stringify({ Ref: poolId }));
    const [[clientId]] = ofType('AWS::Cognito::UserPoolClient') as [[string, Resource]];
    expect(jwt.Audience).toEqual([{ Ref: clientId }]);
  });

  it('throttles and access-logs the default stage', () => {
    const [[, stage]] = ofType('AWS::ApiGatewayV2::Stage') as [[string, Resource]];
    const route = stage.Properties!.DefaultRouteSettings as JsonObject;
    expect(route.ThrottlingBurstLimit).toBeGreaterThan(0);
    expect(route.ThrottlingRateLimit).toBeGreaterThan(0);
    const logSettings = stage.Properties!.AccessLogSettings as JsonObject;
    expect(logSettings.DestinationArn).toBeDefined();
    expect(String(logSettings.Format)).not.toMatch(/requestBody|responseBody|header/i);
  });
});

describe('designer sign-in', () => {
  it('has a designers group in the user pool', () => {
    const poolId = logicalId(stack.userPool.node.defaultChild);
    const groups = ofType('AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties!);
    expect(groups).toContainEqual(expect.objectContaining({ GroupName: 'designers', UserPoolId: { Ref: poolId } }));
  });

  // A changed logical ID makes CloudFormation create a new, empty user pool: every designer's
  // account, password and MFA device would be gone. These are the IDs deployed today: refactors
  // of the stack's constructs must keep them (constructs/deployed-logical-id.ts).
  it('keeps the logical IDs the user pool and its designers group were deployed with', () => {
    expect(logicalId(stack.userPool.node.defaultChild)).toBe('DesignerPool6847504F');
    expect(ofType('AWS::Cognito::UserPoolGroup').map(([id]) => id)).toEqual(['DesignersGroup']);
  });

  it('lets nobody sign themself up, requires MFA, and the console client has no secret and uses the code flow', () => {
    const pool = props(logicalId(stack.userPool.node.defaultChild));
    expect((pool.AdminCreateUserConfig as JsonObject).AllowAdminCreateUserOnly).toBe(true);
    expect(pool.MfaConfiguration).toBe('ON');
    const [[, client]] = ofType('AWS::Cognito::UserPoolClient') as [[string, Resource]];
    expect(client.Properties?.GenerateSecret).toBe(false);
    expect(client.Properties?.AllowedOAuthFlows).toEqual(['code']);
  });

  it('sends designers back to the public URL’s console, never to localhost, and lets the console write no email', () => {
    const [[, client]] = ofType('AWS::Cognito::UserPoolClient') as [[string, Resource]];
    const urls = JSON.stringify([client.Properties?.CallbackURLs, client.Properties?.LogoutURLs]);
    expect(urls).not.toMatch(/localhost|127\.0\.0\.1|http:/);
    for (const list of [client.Properties?.CallbackURLs, client.Properties?.LogoutURLs] as Json[][]) {
      expect(list).toHaveLength(1);
      expect(JSON.stringify(list[0])).toContain('/console/callback');
      // The same resource attribute as the links in emails (the API's endpoint, or the edge's domain).
      const attributes = (value: Json | undefined) => JSON.stringify(value).match(/"Fn::GetAtt":\[[^\]]*\]/g) ?? [];
      expect(attributes(list[0])).toEqual(attributes(envOf('enter-stage')[ENV.publicBaseUrl]));
      expect(attributes(list[0])).toHaveLength(1);
    }
    // The history's actor is the token's sub; the address is for people, and only an administrator changes it.
    expect(client.Properties?.WriteAttributes).toEqual(['name']);
  });
});

describe('alarms', () => {
  const alarms = () => ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties ?? {});
  const topicId = () => logicalId(stack.alarms.topic.node.defaultChild);

  it('tell the studio through one encrypted topic, with an email subscription', () => {
    const [[, topic]] = ofType('AWS::SNS::Topic') as [[string, Resource]];
    expect(topic.Properties?.KmsMasterKeyId).toBeDefined();
    const [[, subscription]] = ofType('AWS::SNS::Subscription') as [[string, Resource]];
    expect(subscription.Properties).toMatchObject({ Protocol: 'email', TopicArn: { Ref: topicId() } });
    for (const alarm of alarms()) expect(alarm.AlarmActions, String(alarm.AlarmDescription)).toEqual([{ Ref: topicId() }]);
  });

  it('watch failed, timed-out and aborted executions, every function, API 5xx and SES reputation', () => {
    const watched = alarms().map((a) => `${a.Namespace}/${a.MetricName}`);
    for (const metric of ['AWS/States/ExecutionsFailed', 'AWS/States/ExecutionsTimedOut', 'AWS/States/ExecutionsAborted', 'AWS/ApiGateway/5xx', 'AWS/SES/Reputation.BounceRate', 'AWS/SES/Reputation.ComplaintRate']) {
      expect(watched).toContain(metric);
    }
    for (const spec of catalogue) {
      const { functionId } = functionOf(spec.name);
      for (const metric of ['Errors', 'Throttles']) {
        const found = alarms().some(
          (a) => a.MetricName === metric && (a.Dimensions as { Value: unknown }[] | undefined)?.some((d) => JSON.stringify(d.Value) === JSON.stringify({ Ref: functionId })),
        );
        expect(found, `${spec.name} ${metric}`).toBe(true);
      }
    }
  });
});

describe('alarms on volume, and the topic key', () => {
  const alarms = () => ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties ?? {});

  it('watch the enquiry volume and SES sending volume, hourly, against thresholds no studio reaches', () => {
    const enquiries = alarms().find((a) => a.Namespace === 'BespokeCommissions' && a.MetricName === 'EnquiriesReceived');
    expect(enquiries).toMatchObject({ Statistic: 'Sum', Period: 3600, Threshold: VOLUME_ALARMS.enquiriesPerHour, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    const sending = alarms().find((a) => a.Namespace === 'AWS/SES' && a.MetricName === 'Send');
    expect(sending).toMatchObject({ Statistic: 'Sum', Period: 3600, Threshold: VOLUME_ALARMS.emailsPerHour, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    for (const alarm of [enquiries, sending]) expect(alarm!.AlarmActions).toEqual([{ Ref: logicalId(stack.alarms.topic.node.defaultChild) }]);
  });

  it('let CloudWatch use the topic key only for this account’s alarms', () => {
    const [[, key]] = ofType('AWS::KMS::Key') as [[string, Resource]];
    const statements = (key.Properties!.KeyPolicy as { Statement: JsonObject[] }).Statement;
    const forCloudWatch = statements.filter((st) => JSON.stringify(st.Principal).includes('cloudwatch.amazonaws.com'));
    expect(forCloudWatch).toHaveLength(1);
    const [statement] = forCloudWatch as [JsonObject];
    expect(actionsOf([statement]).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
    const conditions = statement.Condition as { StringEquals: JsonObject; ArnLike: JsonObject };
    expect(conditions.StringEquals['aws:SourceAccount']).toEqual({ Ref: 'AWS::AccountId' });
    const sourceArn = JSON.stringify(conditions.ArnLike['aws:SourceArn']);
    expect(sourceArn).toContain(':cloudwatch:');
    expect(sourceArn).toContain(':alarm:*');
    expect(sourceArn).toContain('AWS::AccountId');
  });
});

// ── the template as a whole ──────────────────────────────────────────────────────────────────

describe('template', () => {
  it('has no dependency cycle (CloudFormation would refuse it at deploy)', () => {
    const edges = new Map<string, Set<string>>();
    const collect = (value: unknown, into: Set<string>): void => {
      if (Array.isArray(value)) return value.forEach((v) => collect(v, into));
      if (value === null || typeof value !== 'object') return;
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'Ref' && typeof inner === 'string' && inner in resources) into.add(inner);
        else if (key === 'Fn::GetAtt' && Array.isArray(inner) && String(inner[0]) in resources) into.add(String(inner[0]));
        else collect(inner, into);
      }
    };
    for (const [id, r] of Object.entries(resources)) {
      const deps = new Set<string>([r.DependsOn ?? []].flat());
      collect(r.Properties, deps);
      edges.set(id, deps);
    }
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (id: string, path: string[]): void => {
      if (state.get(id) === 'done') return;
      if (state.get(id) === 'visiting') throw new Error(`cycle: ${[...path, id].join(' → ')}`);
      state.set(id, 'visiting');
      for (const dep of edges.get(id) ?? []) visit(dep, [...path, id]);
      state.set(id, 'done');
    };
    expect(() => Object.keys(resources).forEach((id) => visit(id, []))).not.toThrow();
  });

  it('exports the outputs a deployer needs', () => {
    const outputs = Object.keys(assembly.getStackArtifact(stack.artifactId).template.Outputs ?? {});
    expect(outputs).toEqual(
      expect.arrayContaining(['ApiUrl', 'UserPoolId', 'UserPoolClientId', 'StateMachineArn', 'TableName']),
    );
  });
});

// ── cdk-nag ──────────────────────────────────────────────────────────────────────────────────

describe('cdk-nag AwsSolutions', () => {
  it('is registered on the app (so `cdk synth` runs it)', () => {
    // cdk-nag 3 is a policy-validation plugin: it reports into the validation report, not into
    // annotations, so Annotations.fromStack() would find nothing even with findings present.
    expect(app._validationPlugins.map((plugin) => plugin.name)).toContain('AwsSolutions');
  });

  it('ran during the synth: applied its rules to every resource of the stack', () => {
    const rules = new Set(nagEvaluations.map((evaluation) => evaluation.rule));
    expect(rules.size).toBeGreaterThan(50);
    for (const rule of ['IAM5', 'L1', 'DDB3', 'COG2', 'SF1', 'SF2']) expect(rules, rule).toContain(rule);
    const checked = new Set(nagEvaluations.map((evaluation) => evaluation.path));
    const unchecked = stack.node.findAll().filter(CfnResource.isCfnResource).map((c) => c.node.path).filter((path) => !checked.has(path));
    expect(unchecked).toEqual([]);
  });

  it('reports no unacknowledged finding, error or warning', () => {
    // The report lists findings only; the test above shows the nag ran.
    expect(nagFindings(assembly)).toEqual([]);
  });

  it('acknowledges findings only with a concrete reason', () => {
    const acknowledgements = app.node
      .findAll()
      .flatMap((c) => c.node.metadata)
      .filter((m) => m.type === 'aws:cdk:acknowledged-rules')
      .flatMap((m) => Object.entries(m.data as Record<string, { reason?: string } | string>));
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const [id, value] of acknowledgements) {
      const reason = typeof value === 'string' ? value : (value.reason ?? '');
      expect(reason.length, id).toBeGreaterThan(40);
    }
  });
});
