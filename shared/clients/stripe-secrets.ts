import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import { readConfig } from '../config';

/**
 * The Stripe API key and webhook signing secret. Locally (and in scripts) they come from STRIPE_SECRET_KEY /
 * STRIPE_WEBHOOK_SECRET; in AWS from the Secrets Manager secret STRIPE_SECRET_ARN (JSON `{ secretKey, webhookSecret }`),
 * fetched once per container and refreshed every few minutes so a rotated key is picked up without a deploy.
 */
const config = readConfig({
  STRIPE_SECRET_KEY: z.string().min(1).optional(),
  STRIPE_WEBHOOK_SECRET: z.string().min(1).optional(),
  STRIPE_SECRET_ARN: z.string().min(1).optional(),
});

const secretSchema = z.object({ secretKey: z.string().min(1), webhookSecret: z.string().min(1) });
export type StripeSecrets = z.infer<typeof secretSchema>;

const REFRESH_MS = 5 * 60_000;
let cached: { value: Promise<StripeSecrets>; at: number } | undefined;
let client: SecretsManagerClient | undefined;

async function fromSecretsManager(arn: string): Promise<StripeSecrets> {
  client ??= new SecretsManagerClient({});
  const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: arn }));
  return secretSchema.parse(JSON.parse(SecretString ?? '{}'));
}

export function stripeSecrets(): Promise<StripeSecrets> {
  if (config.STRIPE_SECRET_KEY && config.STRIPE_WEBHOOK_SECRET) {
    return Promise.resolve({ secretKey: config.STRIPE_SECRET_KEY, webhookSecret: config.STRIPE_WEBHOOK_SECRET });
  }
  if (!config.STRIPE_SECRET_ARN) throw new Error('Missing or invalid setting: STRIPE_SECRET_ARN (or STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET)');
  if (!cached || Date.now() - cached.at > REFRESH_MS) {
    const value = fromSecretsManager(config.STRIPE_SECRET_ARN);
    cached = { value, at: Date.now() };
    // A failed fetch must not stick: the next call tries again.
    value.catch(() => (cached = undefined));
  }
  return cached.value;
}
