import { Match } from 'aws-cdk-lib/assertions';
import { RAW_EVENT_COLUMNS } from '../../shared/analytics/raw-events';
import { synthArgus } from './helpers';

/** The raw telemetry lake (issue #16): Firehose converts JSON to Parquet through the Glue table Athena reads. */
describe('analytics lake (stateful stack)', () => {
  const { stateful, stateful$: t } = synthArgus('dev');
  const tableId = () => Object.keys(t.findResources('AWS::Glue::Table'))[0];
  const bucketId = () => Object.keys(t.findResources('AWS::S3::Bucket', { Properties: { BucketName: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('analytics')])] } } }))[0];

  it('has one Glue database and one table with the raw columns the local writer writes, partitioned by day with projection', () => {
    t.resourceCountIs('AWS::Glue::Database', 1);
    t.resourceCountIs('AWS::Glue::Table', 1);
    t.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: { Name: 'argus_dev_analytics' } });
    t.hasResourceProperties('AWS::Glue::Table', {
      DatabaseName: 'argus_dev_analytics',
      TableInput: {
        Name: 'events',
        TableType: 'EXTERNAL_TABLE',
        PartitionKeys: [{ Name: 'dt', Type: 'string', Comment: Match.anyValue() }],
        Parameters: Match.objectLike({
          classification: 'parquet',
          'projection.enabled': 'true',
          'projection.dt.type': 'date',
          'projection.dt.format': 'yyyy-MM-dd',
          'projection.dt.interval.unit': 'DAYS',
          'storage.location.template': { 'Fn::Join': ['', ['s3://', { Ref: bucketId() }, '/events/dt=${dt}/']] },
        }),
        StorageDescriptor: {
          Location: { 'Fn::Join': ['', ['s3://', { Ref: bucketId() }, '/events/']] },
          Columns: RAW_EVENT_COLUMNS.map((c) => ({ Name: c.name, Type: c.glue })),
          InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
          OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
          SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
        },
      },
    });
  });

  it('has a Firehose stream converting JSON to Parquet through that table into the event day partition of the analytics bucket', () => {
    t.resourceCountIs('AWS::KinesisFirehose::DeliveryStream', 1);
    t.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      DeliveryStreamName: 'argus-dev-analytics',
      DeliveryStreamType: 'DirectPut',
      DeliveryStreamEncryptionConfigurationInput: { KeyType: 'AWS_OWNED_CMK' },
      ExtendedS3DestinationConfiguration: Match.objectLike({
        BucketARN: { 'Fn::GetAtt': [bucketId(), 'Arn'] },
        Prefix: 'events/dt=!{partitionKeyFromQuery:dt}/',
        ErrorOutputPrefix: Match.stringLikeRegexp('^errors/'),
        BufferingHints: { IntervalInSeconds: 300, SizeInMBs: 128 },
        DynamicPartitioningConfiguration: Match.objectLike({ Enabled: true }),
        ProcessingConfiguration: {
          Enabled: true,
          Processors: Match.arrayWith([
            Match.objectLike({
              Type: 'MetadataExtraction',
              Parameters: Match.arrayWith([
                { ParameterName: 'MetadataExtractionQuery', ParameterValue: '{dt: .event_time[0:10]}' },
                { ParameterName: 'JsonParsingEngine', ParameterValue: 'JQ-1.6' },
              ]),
            }),
          ]),
        },
        DataFormatConversionConfiguration: {
          Enabled: true,
          SchemaConfiguration: Match.objectLike({ DatabaseName: 'argus_dev_analytics', TableName: { Ref: tableId() } }),
          InputFormatConfiguration: { Deserializer: { OpenXJsonSerDe: Match.anyValue() } },
          OutputFormatConfiguration: { Serializer: { ParquetSerDe: Match.anyValue() } },
        },
      }),
    });
  });

  it("lets the stream's role read the table's schema and write the analytics bucket", () => {
    const policies = JSON.stringify(stateful.resolve(t.findResources('AWS::IAM::Policy')));
    expect(policies).toMatch(/glue:GetTableVersions/);
    expect(policies).toContain(bucketId());
  });

  it('outputs the Glue database and the stream name', () => {
    t.hasOutput('AnalyticsGlueDatabase', Match.anyValue());
    t.hasOutput('AnalyticsStreamName', Match.anyValue());
  });
});
