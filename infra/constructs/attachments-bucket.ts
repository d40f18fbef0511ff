/**
 * The attachments bucket: sketches, renders, photos and documents of each commission, and the
 * customers' inspiration images, under `commissions/{commissionId}/{attachmentId}`.
 *
 * Private (every public access blocked; TLS only; S3-managed encryption). Browsers upload
 * straight into it through presigned POSTs (hence CORS for the public origin, POST and GET only)
 * and read through presigned GETs of a few minutes. Every landed object is checked by
 * check-upload (the ObjectCreated notification). Lifecycle: an incomplete multipart upload is
 * aborted after a day, and an object tagged `erased=true` expires after a day (erasure deletes
 * objects itself; the rule is a backstop for any that a failed run tags rather than deletes).
 *
 * A catalogue `attachments` access becomes exactly its actions on `commissions/*` (ListBucket
 * held to that prefix) and ATTACHMENTS_BUCKET; only functions granting uploads (PutObject, to
 * sign the POST), the check and erasure (DeleteObject) may write or delete.
 */
import { Aws, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ENV } from '../../functions/catalogue.ts';
import type { CommissionFunction } from './commission-function.ts';

/** Every object lives under this prefix; grants and the notification are held to it. */
const ATTACHMENTS_PREFIX = 'commissions/';

export interface AttachmentsBucketProps {
  /** The pages' origin (the public base URL): the only origin whose browsers may POST and GET. */
  publicOrigin: string;
}

export class AttachmentsBucket extends Construct {
  readonly bucket: s3.Bucket;
  /**
   * The bucket's name, made of the stack's name, the account and the region (no reference to the
   * bucket resource): the notification makes the bucket depend on check-upload, so check-upload's
   * environment and grants must not depend on the bucket.
   */
  readonly bucketName: string;
  private readonly bucketArn: string;

  constructor(scope: Construct, id: string, props: AttachmentsBucketProps) {
    super(scope, id);
    this.bucketName = `${Stack.of(this).stackName.toLowerCase()}-attachments-${Aws.ACCOUNT_ID}-${Aws.REGION}`;
    this.bucketArn = `arn:${Aws.PARTITION}:s3:::${this.bucketName}`;
    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: this.bucketName,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: false,
      cors: [
        {
          allowedOrigins: [props.publicOrigin],
          // A form POST and a GET are simple requests (no preflight): no headers need allowing.
          allowedMethods: [s3.HttpMethods.POST, s3.HttpMethods.GET],
          maxAge: 3000,
        },
      ],
      lifecycleRules: [
        { id: 'AbortIncompleteUploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        { id: 'ExpireErased', tagFilters: { erased: 'true' }, expiration: Duration.days(1) },
      ],
      // Customers' files: kept if the stack is deleted by mistake (erasure removes them on purpose).
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Every object is written through a presigned POST granted by add-attachment or add-inspiration and checked by check-upload, ' +
        'whose logs record each grant and check (ids only); server access logs would add a second bucket of request logs naming the same keys.',
    });
  }

  /** The origin browsers reach the bucket at (presigned URLs are virtual-hosted): the pages' CSP allows it. */
  get origin(): string {
    return `https://${this.bucketName}.s3.${Aws.REGION}.${Aws.URL_SUFFIX}`;
  }

  /**
   * ObjectCreated under the prefix invokes `fn`: set on the bucket itself (not through CDK's
   * notification custom resource, a Python Lambda of its own), after the permission that lets S3
   * invoke it, which S3 checks when the configuration is put.
   */
  private notify(fn: CommissionFunction): void {
    const permission = new lambda.CfnPermission(this, 'NotifyCheck', {
      action: 'lambda:InvokeFunction',
      functionName: fn.fn.functionArn,
      principal: 's3.amazonaws.com',
      sourceArn: this.bucketArn,
      sourceAccount: Aws.ACCOUNT_ID,
    });
    const cfnBucket = this.bucket.node.defaultChild as s3.CfnBucket;
    cfnBucket.notificationConfiguration = {
      lambdaConfigurations: [
        { event: 's3:ObjectCreated:*', function: fn.fn.functionArn, filter: { s3Key: { rules: [{ name: 'prefix', value: ATTACHMENTS_PREFIX }] } } },
      ],
    };
    cfnBucket.addDependency(permission);
  }

  /**
   * Grants each function exactly its catalogue `attachments` actions and sets ATTACHMENTS_BUCKET;
   * the function named `check` is invoked for every object created under the prefix.
   */
  enableFor(functions: Iterable<CommissionFunction>, check: string): void {
    const objects = `${this.bucketArn}/${ATTACHMENTS_PREFIX}*`;
    for (const fn of functions) {
      const actions = fn.spec.access.attachments;
      if (fn.spec.access.attachmentPages) fn.fn.addEnvironment(ENV.attachmentsOrigin, this.origin);
      if (!actions) continue;
      const onObjects = actions.filter((action) => action !== 'ListBucket');
      if (onObjects.length > 0) {
        fn.role.addToPrincipalPolicy(
          new iam.PolicyStatement({ sid: 'AttachmentObjects', actions: onObjects.map((action) => `s3:${action}`), resources: [objects] }),
        );
      }
      if (actions.includes('ListBucket')) {
        fn.role.addToPrincipalPolicy(
          new iam.PolicyStatement({
            sid: 'ListAttachments',
            actions: ['s3:ListBucket'],
            resources: [this.bucketArn],
            conditions: { StringLike: { 's3:prefix': [`${ATTACHMENTS_PREFIX}*`] } },
          }),
        );
      }
      fn.fn.addEnvironment(ENV.attachmentsBucket, this.bucketName);
      Validations.of(fn.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${Stack.of(this).stackName.toLowerCase()}-attachments-<AWS::AccountId>-<AWS::Region>/${ATTACHMENTS_PREFIX}*]`,
        reason: "The commissions' objects: keys are minted per file (commissions/{commissionId}/{attachmentId}), so the grant covers that prefix only.",
      });
      if (fn.spec.name === check) this.notify(fn);
    }
  }
}
