import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import type { SQSEvent, SQSRecord, Context } from 'aws-lambda';
import { liveStripePorts } from '../../shared/billing/live-stripe-ports';
import { processStripeEvent } from '../../shared/billing/process-stripe-event';

/** FIFO: after a failed record, the rest of its message group is reported failed too, so one customer's events stay in order. */
const processor = new SqsFifoPartialProcessorAsync();

const record = (r: SQSRecord) => processStripeEvent(r.body, liveStripePorts);

export const handler = (event: SQSEvent, context: Context) => processPartialResponse(event, record, processor, { context, skipGroupOnError: true });
