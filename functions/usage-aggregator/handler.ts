import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '../../shared/logger';
import { aggregateUsageBatch } from '../../shared/usage/aggregate-batch';

const processor = new BatchProcessor(EventType.SQS);

/**
 * Usage queue consumer. The whole batch is aggregated at once (events grouped per counter across messages), then the
 * Powertools processor turns the messages that could not be finished into `batchItemFailures`: only those are
 * redelivered, and a redelivered event is recognised by its dedupe record.
 */
export const handler = async (event: SQSEvent, context: Context) => {
  const outcome = await aggregateUsageBatch(
    event.Records.map((r) => ({ messageId: r.messageId, body: r.body, sentAt: sentAt(r) })),
  );
  logger.info('usage batch', { messages: event.Records.length, counted: outcome.counted, duplicates: outcome.duplicates, refused: outcome.refused, failedMessages: outcome.failed.size, transactions: outcome.transactions, itemsWritten: outcome.itemsWritten, awsWriteUnits: 2 * outcome.itemsWritten });
  return processPartialResponse(
    event,
    async (record: SQSRecord) => {
      if (outcome.failed.has(record.messageId)) throw outcome.failed.get(record.messageId);
    },
    processor,
    { context },
  );
};

function sentAt(record: SQSRecord): Date {
  const ms = Number(record.attributes.SentTimestamp);
  return Number.isFinite(ms) ? new Date(ms) : new Date();
}
