import { PutObjectCommand } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { readConfig } from '../config';
import { firehoseSink } from './firehose-sink';
import { parquetObjectSink, type RawEventSink } from './raw-sink';

const config = readConfig({
  ANALYTICS_DLQ_URL: z.string().min(1),
  /** Deployed: the Firehose stream (set when the function's access declares `analyticsStream`). */
  ANALYTICS_FIREHOSE_STREAM: z.string().min(1).optional(),
  /** Local: the local S3's analytics bucket, written as Parquet by this process (the stack sets it for every handler). */
  ANALYTICS_BUCKET: z.string().min(1).optional(),
  AWS_REGION: z.string().min(1),
});

export const analyticsDeadLetterQueueUrl = config.ANALYTICS_DLQ_URL;

/** The raw store of this stage: the Firehose stream where there is one (AWS), else Parquet objects in the bucket. */
export function configuredRawSink(): RawEventSink {
  if (config.ANALYTICS_FIREHOSE_STREAM) {
    return firehoseSink({ streamName: config.ANALYTICS_FIREHOSE_STREAM, region: config.AWS_REGION, credentials: lambdaCredentials });
  }
  if (config.ANALYTICS_BUCKET) {
    const bucket = config.ANALYTICS_BUCKET;
    return parquetObjectSink(async (key, body) => {
      const { s3 } = await import('../storage/s3');
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/vnd.apache.parquet' }));
    });
  }
  throw new Error('Missing setting: ANALYTICS_FIREHOSE_STREAM (deployed) or ANALYTICS_BUCKET (local)');
}

/** Lambda hands its role's credentials to the function in the environment. */
function lambdaCredentials() {
  const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN } = process.env;
  if (!AWS_ACCESS_KEY_ID || !AWS_SECRET_ACCESS_KEY) throw new Error('no AWS credentials in the environment');
  return { accessKeyId: AWS_ACCESS_KEY_ID, secretAccessKey: AWS_SECRET_ACCESS_KEY, sessionToken: AWS_SESSION_TOKEN };
}
