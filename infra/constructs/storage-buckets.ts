import { Aws, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { BucketName } from '../function-access';

/**
 * A data bucket's name: fixed per stage, account and region (S3 names are global), so the stateless stack names its
 * objects in IAM policies and environments without a cross-stack reference, and cdk-nag's finding for the object
 * wildcard (`<bucket>/*`, unavoidable: object keys are per object) is known when the grant is made.
 */
export function storageBucketName(stage: string, bucket: BucketName): string {
  return `argus-${stage}-${bucket}-${Aws.ACCOUNT_ID}-${Aws.REGION}`;
}

export interface StorageBucketsProps {
  stage: string;
  /** Keep the buckets (and their objects) when the stack is deleted or the resource replaced. */
  retainData: boolean;
}

/** Deleted sync objects and replaced versions stay recoverable this long (CONTRACT §8 "versions kept 30 days"). */
export const NONCURRENT_RETENTION_DAYS = 30;
/** Server access logs are kept this long. */
export const ACCESS_LOG_RETENTION_DAYS = 90;

/**
 * The two buckets of CONTRACT §8 and the bucket their server access logs go to. All private (public access blocked,
 * ACLs off), S3-managed encryption (no KMS key to grant), TLS only. Sync is versioned: a deleted or overwritten object
 * becomes a noncurrent version, expired after 30 days, and the delete marker left alone is removed after that.
 * Nobody chooses a key in these buckets: sync keys each version itself (shared/db/sync-objects.ts).
 */
export class StorageBuckets extends Construct {
  readonly syncBucket: s3.Bucket;
  readonly analyticsBucket: s3.Bucket;
  readonly accessLogsBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: StorageBucketsProps) {
    super(scope, id);
    // Log delivery is granted by a bucket policy on the log bucket, so it too keeps ACLs off (BucketOwnerEnforced);
    // without this flag CDK would grant it with the LogDeliveryWrite ACL. Set here so it holds whatever cdk.json says.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    const removalPolicy = props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const privateBucket: s3.BucketProps = {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy,
    };

    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
      ...privateBucket,
      lifecycleRules: [{ id: 'expire-logs', expiration: Duration.days(ACCESS_LOG_RETENTION_DAYS) }],
    });
    Validations.of(this.accessLogsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the server access log bucket of the sync and analytics buckets; logging it would log its own log deliveries.',
    });

    const dataLifecycle: s3.LifecycleRule[] = [
      {
        id: 'expire-noncurrent-and-delete-markers',
        noncurrentVersionExpiration: Duration.days(NONCURRENT_RETENTION_DAYS),
        expiredObjectDeleteMarker: true,
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      },
    ];
    this.syncBucket = new s3.Bucket(this, 'Sync', {
      ...privateBucket,
      bucketName: storageBucketName(props.stage, 'sync'),
      versioned: true,
      lifecycleRules: dataLifecycle,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'sync/',
    });
    this.analyticsBucket = new s3.Bucket(this, 'Analytics', {
      ...privateBucket,
      bucketName: storageBucketName(props.stage, 'analytics'),
      lifecycleRules: dataLifecycle,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'analytics/',
    });
  }
}
