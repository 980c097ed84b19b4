import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { RAW_EVENT_COLUMNS, RAW_EVENTS_PREFIX } from '../../shared/analytics/raw-events';

export interface AnalyticsLakeProps {
  stage: string;
  /** The analytics bucket (storage-buckets.ts). */
  bucket: s3.Bucket;
  retainData: boolean;
}

/** Days before this are outside the partition projection (nothing was recorded before analytics existed). */
export const PROJECTION_START = '2026-01-01';

/**
 * Raw telemetry for ad-hoc SQL (CONTRACT §8; issue #16): a Glue table over `s3://<analytics>/events/dt=YYYY-MM-DD/`
 * (Parquet, Hive-style day partitions found by partition projection, so no crawler and no MSCK REPAIR), and a Firehose
 * stream that converts the analytics consumer's JSON records to Parquet through that table's schema and writes them
 * into the partition of the event's own day (dynamic partitioning on `event_time`, not the arrival time, so late
 * events land where the local writer puts them). The columns come from shared/analytics/raw-events.ts, which the local
 * Parquet writer uses too: the two layouts cannot drift.
 */
export class AnalyticsLake extends Construct {
  readonly database: glue.CfnDatabase;
  readonly table: glue.CfnTable;
  readonly stream: firehose.CfnDeliveryStream;

  constructor(scope: Construct, id: string, props: AnalyticsLakeProps) {
    super(scope, id);
    const account = Stack.of(this).account;
    const databaseName = `argus_${props.stage}_analytics`;
    const location = `s3://${props.bucket.bucketName}/${RAW_EVENTS_PREFIX}`;

    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId: account,
      databaseInput: { name: databaseName, description: `Argus ${props.stage}: raw telemetry (POST /v1/analytics/events)` },
    });
    this.table = new glue.CfnTable(this, 'Events', {
      catalogId: account,
      databaseName,
      tableInput: {
        name: 'events',
        description: 'One row per telemetry event, counted once (Firehose delivers at least once: dedupe by org_id, id)',
        tableType: 'EXTERNAL_TABLE',
        partitionKeys: [{ name: 'dt', type: 'string', comment: 'UTC day of event_time (YYYY-MM-DD)' }],
        parameters: {
          classification: 'parquet',
          EXTERNAL: 'TRUE',
          'projection.enabled': 'true',
          'projection.dt.type': 'date',
          'projection.dt.format': 'yyyy-MM-dd',
          'projection.dt.range': `${PROJECTION_START},NOW`,
          'projection.dt.interval': '1',
          'projection.dt.interval.unit': 'DAYS',
          'storage.location.template': `${location}dt=\${dt}/`,
        },
        storageDescriptor: {
          location,
          columns: RAW_EVENT_COLUMNS.map((c) => ({ name: c.name, type: c.glue })),
          inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
          outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
          serdeInfo: { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
        },
      },
    });
    this.table.addResourceDependency(this.database);

    // L1, with a role of our own: the L2 destination grants s3:*Object*-style wildcards and a Resource::* statement.
    const role = new iam.Role(this, 'StreamRole', { assumedBy: new iam.ServicePrincipal('firehose.amazonaws.com', { conditions: { StringEquals: { 'sts:ExternalId': account } } }) });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'], resources: [props.bucket.bucketArn] }));
    role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload'], resources: [props.bucket.arnForObjects(`${RAW_EVENTS_PREFIX}*`), props.bucket.arnForObjects('errors/*')] }));
    const stack = Stack.of(this);
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions'],
        resources: [
          stack.formatArn({ service: 'glue', resource: 'catalog' }),
          stack.formatArn({ service: 'glue', resource: 'database', resourceName: databaseName }),
          stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${databaseName}/events` }),
        ],
      }),
    );
    const logGroup = new logs.LogGroup(this, 'StreamLogs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY });
    const logStream = new logs.LogStream(this, 'StreamLogStream', { logGroup, removalPolicy: props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY });
    logGroup.grantWrite(role);
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(props.bucket.node.defaultChild as s3.CfnBucket)}.Arn>/${RAW_EVENTS_PREFIX}*]`,
      reason: 'Firehose names its objects itself (per day partition and delivery); the grant covers the raw events prefix of the analytics bucket only.',
    });
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(props.bucket.node.defaultChild as s3.CfnBucket)}.Arn>/errors/*]`,
      reason: 'Records Firehose cannot convert go under errors/, named by Firehose; the grant covers that prefix of the analytics bucket only.',
    });

    this.stream = new firehose.CfnDeliveryStream(this, 'Stream', {
      deliveryStreamName: `argus-${props.stage}-analytics`,
      deliveryStreamType: 'DirectPut',
      deliveryStreamEncryptionConfigurationInput: { keyType: 'AWS_OWNED_CMK' },
      extendedS3DestinationConfiguration: {
        bucketArn: props.bucket.bucketArn,
        roleArn: role.roleArn,
        prefix: `${RAW_EVENTS_PREFIX}dt=!{partitionKeyFromQuery:dt}/`,
        errorOutputPrefix: 'errors/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/',
        fileExtension: '.parquet',
        // Format conversion needs ≥ 64 MiB buffers; 128 MiB or 5 minutes, whichever comes first.
        bufferingHints: { sizeInMBs: 128, intervalInSeconds: 300 },
        // No S3 compression: with format conversion the Parquet output compresses its own pages (Snappy).
        compressionFormat: 'UNCOMPRESSED',
        cloudWatchLoggingOptions: { enabled: true, logGroupName: logGroup.logGroupName, logStreamName: logStream.logStreamName },
        dynamicPartitioningConfiguration: { enabled: true, retryOptions: { durationInSeconds: 300 } },
        processingConfiguration: {
          enabled: true,
          processors: [
            {
              type: 'MetadataExtraction',
              parameters: [
                // shared/analytics/firehose-sink.ts writes event_time as `yyyy-MM-dd HH:mm:ss.SSS` (UTC): its first 10 characters are the day.
                { parameterName: 'MetadataExtractionQuery', parameterValue: '{dt: .event_time[0:10]}' },
                { parameterName: 'JsonParsingEngine', parameterValue: 'JQ-1.6' },
              ],
            },
          ],
        },
        dataFormatConversionConfiguration: {
          enabled: true,
          schemaConfiguration: { catalogId: account, databaseName, tableName: this.table.ref, region: stack.region, roleArn: role.roleArn, versionId: 'LATEST' },
          inputFormatConfiguration: { deserializer: { openXJsonSerDe: {} } },
          outputFormatConfiguration: { serializer: { parquetSerDe: { compression: 'SNAPPY' } } },
        },
      },
    });
    this.stream.node.addDependency(role);
  }
}
