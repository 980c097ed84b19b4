import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import Stripe from 'stripe';
import { z } from 'zod';
import { eventCustomerId, HANDLED_STRIPE_EVENT_TYPES } from '../../events/stripe';
import { stripeWebhookSecret } from '../clients/stripe-secrets';
import { readConfig } from '../config';
import { InvalidSignatureError } from '../errors';
import { logger } from '../logger';

const { WEBHOOK_QUEUE_URL } = readConfig({ WEBHOOK_QUEUE_URL: z.string().min(1) });
// The endpoint comes from the SDK's settings (AWS_ENDPOINT_URL_SQS locally), not the queue URL's host.
const sqs = new SQSClient({ useQueueUrlAsEndpoint: false });

/** Stripe's default: a signature older than 5 minutes is refused (replay protection). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * Verifies a Stripe webhook on its raw body and queues it (FIFO: one message group per Stripe customer, deduplicated on
 * the event id), resolving only once SQS has accepted it. Event types Argus does not handle are acknowledged unqueued.
 */
export async function receiveStripeWebhook(raw: string, signature: string | undefined): Promise<void> {
  if (!signature) throw new InvalidSignatureError('The Stripe-Signature header is missing');
  const webhookSecret = await stripeWebhookSecret();
  let event: Stripe.Event;
  try {
    event = await Stripe.webhooks.constructEventAsync(raw, signature, webhookSecret, SIGNATURE_TOLERANCE_SECONDS);
  } catch {
    throw new InvalidSignatureError();
  }
  if (!HANDLED_STRIPE_EVENT_TYPES.includes(event.type)) {
    logger.debug('Stripe event type not handled; acknowledged', { eventId: event.id, type: event.type });
    return;
  }
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: WEBHOOK_QUEUE_URL,
      MessageBody: raw,
      MessageGroupId: eventCustomerId(event) ?? 'no-customer',
      MessageDeduplicationId: event.id,
    }),
  );
}
