import type Stripe from 'stripe';
import { z } from 'zod';
import { readConfig } from '../config';
import { stripeClientFor } from './stripe-factory';
import { stripeApiKey } from './stripe-secrets';

/**
 * The Stripe client of a function, one per container. STRIPE_API_URL points it at the local Stripe emulator; without
 * it the SDK talks to api.stripe.com. The key is re-read from stripeApiKey() so a rotated key replaces the client.
 * Import this only from code that calls Stripe.
 */
const { STRIPE_API_URL } = readConfig({ STRIPE_API_URL: z.url().optional() });

let instance: { key: string; client: Stripe } | undefined;

export async function stripeClient(): Promise<Stripe> {
  const secretKey = await stripeApiKey();
  if (instance?.key !== secretKey) instance = { key: secretKey, client: stripeClientFor(secretKey, STRIPE_API_URL) };
  return instance.client;
}

export type { Stripe };
