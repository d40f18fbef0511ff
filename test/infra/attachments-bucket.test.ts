/**
 * The attachments bucket as synthesized: private (every public access blocked, TLS only,
 * encrypted), its lifecycle (incomplete uploads aborted, erased objects expired), CORS for the
 * public origin only, the ObjectCreated notification to check-upload, and least-privilege grants:
 * each function holds exactly its catalogue's object actions, and only the upload-granting, check
 * and erasure functions may write or delete.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Stack } from 'aws-cdk-lib';
import { functionCatalogue, type FunctionSpec } from '../../functions/catalogue.ts';
import type { CommissionStack } from '../../infra/commission-stack.ts';
import { SYNTH_TIMEOUT_MS, synthesizeTestStack } from '../support/test-stack.ts';

// Template JSON, read freely; the assertions check its shapes.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Resource = { Type: string; Properties?: any };

let stack: CommissionStack;
let resources: Record<string, Resource>;
let logicalId: (element: unknown) => string;
beforeAll(() => {
  ({ stack, resources, logicalId } = synthesizeTestStack<Resource>());
}, SYNTH_TIMEOUT_MS);

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const bucketId = () => logicalId(stack.attachments.bucket.node.defaultChild);
const bucket = () => resources[bucketId()]!.Properties;

/** Every statement of every policy attached to a function's role. */
function statementsOf(name: string): Array<{ Sid?: string; Action: string | string[]; Resource: unknown; Condition?: unknown }> {
  const roleId = logicalId(stack.functions.get(name)!.role.node.defaultChild);
  return ofType('AWS::IAM::Policy')
    .filter(([, r]) => (r.Properties.Roles as unknown[]).some((role) => (role as { Ref?: string }).Ref === roleId))
    .flatMap(([, r]) => r.Properties.PolicyDocument.Statement);
}
const s3ActionsOf = (name: string) =>
  statementsOf(name)
    .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]))
    .filter((action) => action.startsWith('s3:'))
    .sort();

describe('the attachments bucket', () => {
  it('blocks every public access, takes TLS only, and is encrypted', () => {
    expect(bucket().PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(bucket().BucketEncryption.ServerSideEncryptionConfiguration).toEqual([{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }]);
    const [[, policy]] = ofType('AWS::S3::BucketPolicy').filter(([, r]) => r.Properties.Bucket.Ref === bucketId()) as [[string, Resource]];
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it('aborts incomplete uploads and expires objects tagged erased=true, after a day', () => {
    expect(bucket().LifecycleConfiguration.Rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
        expect.objectContaining({ Status: 'Enabled', TagFilters: [{ Key: 'erased', Value: 'true' }], ExpirationInDays: 1 }),
      ]),
    );
  });

  it('lets only the public origin POST and GET from a browser', () => {
    const rules = bucket().CorsConfiguration.CorsRules as Array<{ AllowedOrigins: unknown[]; AllowedMethods: string[] }>;
    expect(rules).toHaveLength(1);
    expect(rules[0]!.AllowedMethods.sort()).toEqual(['GET', 'POST']);
    expect(rules[0]!.AllowedOrigins).toEqual([Stack.of(stack).resolve(stack.publicBaseUrl)]);
    expect(rules[0]).not.toHaveProperty('AllowedHeaders');
  });

  it('invokes check-upload for every object created under commissions/ (S3 may invoke it, from this bucket only)', () => {
    const checkId = logicalId(stack.functions.get('check-upload')!.fn.node.defaultChild);
    expect(bucket().NotificationConfiguration.LambdaConfigurations).toEqual([
      { Event: 's3:ObjectCreated:*', Filter: { S3Key: { Rules: [{ Name: 'prefix', Value: 'commissions/' }] } }, Function: { 'Fn::GetAtt': [checkId, 'Arn'] } },
    ]);
    const permissions = ofType('AWS::Lambda::Permission').filter(([, r]) => r.Properties.Principal === 's3.amazonaws.com');
    expect(permissions).toHaveLength(1);
    const [[permissionId, permission]] = permissions as [[string, Resource]];
    expect(permission.Properties.FunctionName).toEqual({ 'Fn::GetAtt': [checkId, 'Arn'] });
    expect(JSON.stringify(permission.Properties.SourceArn)).toContain('-attachments-');
    expect(permission.Properties.SourceAccount).toEqual({ Ref: 'AWS::AccountId' });
    // S3 checks the permission when the configuration is put.
    expect(resources[bucketId()]).toMatchObject({ DependsOn: expect.arrayContaining([permissionId]) });
    // No notification custom resource (and its Lambda of another runtime).
    expect(ofType('Custom::S3BucketNotifications')).toEqual([]);
  });
});

describe('grants on the attachments bucket', () => {
  const catalogue = functionCatalogue as readonly FunctionSpec[];

  it("gives each function exactly its catalogue's object actions, on the commissions/ prefix only", () => {
    for (const spec of catalogue) {
      const expected = (spec.access.attachments ?? []).map((action) => `s3:${action}`).sort();
      expect(s3ActionsOf(spec.name), spec.name).toEqual(expected);
      for (const statement of statementsOf(spec.name).filter((s) => String(s.Action).includes('s3:'))) {
        const resource = JSON.stringify(Stack.of(stack).resolve(statement.Resource));
        expect(resource, spec.name).toContain(':s3:::bespokecommissions-attachments-');
        if (String(statement.Action).includes('ListBucket')) expect(statement.Condition).toEqual({ StringLike: { 's3:prefix': ['commissions/*'] } });
        else expect(resource, spec.name).toContain('/commissions/*');
      }
    }
  });

  it('lets only the upload-granting, check and erasure functions write or delete objects', () => {
    const writers = catalogue.filter((spec) => s3ActionsOf(spec.name).some((a) => a === 's3:PutObject' || a === 's3:DeleteObject')).map((s) => s.name).sort();
    expect(writers).toEqual(['add-attachment', 'add-inspiration', 'check-upload', 'erase-closed-commissions', 'erase-commission']);
    // The ones that only link to files read, and nothing else.
    expect(s3ActionsOf('get-attachment')).toEqual(['s3:GetObject']);
    expect(s3ActionsOf('get-status-attachment')).toEqual(['s3:GetObject']);
    // The upload grants may put, never read or delete.
    expect(s3ActionsOf('add-attachment')).toEqual(['s3:PutObject']);
  });
});
