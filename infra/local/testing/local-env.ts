import path from 'node:path';
import { stateDir } from '../state';
import { localStack } from './local-stack';

/**
 * Points this test process's AWS clients and settings at the running local stack, so domain functions run here
 * against its real DynamoDB Local, SQS and EventBridge sink. Import it before anything that reads its config at load.
 */
const info = localStack();
Object.assign(process.env, {
  TABLE_NAME: info.dynamodb.tableName,
  USAGE_QUEUE_URL: info.sqs.usageQueueUrl,
  USAGE_DLQ_URL: info.sqs.usageDlqUrl,
  METER_SINK_QUEUE_URL: info.sqs.meterSinkQueueUrl,
  ANALYTICS_QUEUE_URL: info.sqs.analyticsQueueUrl,
  ANALYTICS_DLQ_URL: info.sqs.analyticsDlqUrl,
  EVENT_BUS_NAME: info.eventBridge.busName,
  SYNC_BUCKET: info.s3.syncBucket,
  ANALYTICS_BUCKET: info.s3.analyticsBucket,
  PAST_DUE_GRACE_DAYS: '3',
  ALLOWED_ORIGINS: 'http://localhost:*,http://127.0.0.1:*',
  MAIL_OUTBOX_FILE: path.join(stateDir(), 'mail.jsonl'),
  STRIPE_SECRET_KEY: 'sk_test_argus_local',
  STRIPE_API_URL: info.stripe.apiUrl,
  STRIPE_WEBHOOK_SECRET: info.stripe.webhookSecret,
  AWS_REGION: info.region,
  AWS_ACCESS_KEY_ID: info.credentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: info.credentials.secretAccessKey,
  AWS_ENDPOINT_URL_DYNAMODB: info.dynamodb.endpoint,
  AWS_ENDPOINT_URL_SQS: info.sqs.endpoint,
  AWS_ENDPOINT_URL_EVENTBRIDGE: info.eventBridge.endpoint,
  AWS_ENDPOINT_URL_S3: info.s3.endpoint,
  POWERTOOLS_LOG_LEVEL: 'ERROR',
});
