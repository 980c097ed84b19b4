import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { analyticsDeadLetterQueueUrl, configuredRawSink } from '../../shared/analytics/configured-sink';
import { recordAnalyticsBatch } from '../../shared/analytics/record-batch';
import { logger } from '../../shared/logger';

const processor = new BatchProcessor(EventType.SQS);
const sink = configuredRawSink();

/**
 * Analytics queue consumer: the whole batch is recorded at once (rollups exactly once, then each message's raw
 * events), and only the messages that could not be finished are reported for redelivery.
 */
export const handler = async (event: SQSEvent, context: Context) => {
  const outcome = await recordAnalyticsBatch(event.Records.map((r) => ({ messageId: r.messageId, body: r.body })), { sink, deadLetterQueueUrl: analyticsDeadLetterQueueUrl });
  logger.info('analytics batch', { messages: event.Records.length, counted: outcome.counted, duplicates: outcome.duplicates, refused: outcome.refused, rawRows: outcome.rawRows, failedMessages: outcome.failed.size, transactions: outcome.transactions, itemsWritten: outcome.itemsWritten });
  return processPartialResponse(
    event,
    async (record: SQSRecord) => {
      if (outcome.failed.has(record.messageId)) throw outcome.failed.get(record.messageId);
    },
    processor,
    { context },
  );
};
