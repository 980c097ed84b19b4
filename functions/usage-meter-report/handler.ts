import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { meterSinkMessageSchema } from '../../events/meter-sink';
import { logger } from '../../shared/logger';
import { reportMeteredPeriod } from '../../shared/usage/meter-sink';

const processor = new BatchProcessor(EventType.SQS);

/**
 * Meter sink queue consumer: reports one (org, period) per message to Stripe. The records of a batch run side by side
 * (the batch size bounds the concurrency per instance; the event source's maximum concurrency bounds the instances). A
 * period with a failed report is redelivered; its watermarks make the retry send nothing twice.
 */
export const handler = async (event: SQSEvent, context: Context) =>
  processPartialResponse(
    event,
    async (record: SQSRecord) => {
      const message = meterSinkMessageSchema.parse(JSON.parse(record.body));
      const summary = await reportMeteredPeriod(message);
      if (summary.sent || summary.lateItems || summary.rejected || summary.failed.length) logger.info('meter period reported', { orgId: message.orgId, periodStart: message.periodStart, ...summary });
      if (summary.failed.length) throw new Error(`meter reports failed: ${summary.failed.join(', ')}`);
    },
    processor,
    { context, processInParallel: true },
  );
