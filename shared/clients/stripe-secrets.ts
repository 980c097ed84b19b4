import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import { readConfig } from '../config';

/**
 * The Stripe API key and the webhook signing secret, kept apart: on AWS each is its own Secrets Manager secret
 * (plain string), and a function can read only the one its route-table entry declares. The webhook receiver holds the
 * signing secret and nothing that moves money; billing functions and the meter sink hold the API key and cannot sign
 * events. Locally (and in scripts) they come from STRIPE_SECRET_KEY / STRIPE_WEBHOOK_SECRET. Each value is fetched
 * once per container and refreshed every few minutes, so a rolled key is picked up without a deploy.
 */
const config = readConfig({
  STRIPE_SECRET_KEY: z.string().min(1).optional(),
  STRIPE_WEBHOOK_SECRET: z.string().min(1).optional(),
  STRIPE_API_KEY_SECRET_ARN: z.string().min(1).optional(),
  STRIPE_WEBHOOK_SECRET_ARN: z.string().min(1).optional(),
});

const REFRESH_MS = 5 * 60_000;
let client: SecretsManagerClient | undefined;

/** One cached secret value: a failed fetch is not kept, so the next call tries again. */
function cachedSecret(arnSetting: 'STRIPE_API_KEY_SECRET_ARN' | 'STRIPE_WEBHOOK_SECRET_ARN'): () => Promise<string> {
  let cached: { value: Promise<string>; at: number } | undefined;
  return () => {
    const arn = config[arnSetting];
    if (!arn) throw new Error(`Missing or invalid setting: ${arnSetting}`);
    if (!cached || Date.now() - cached.at > REFRESH_MS) {
      const value = fetchSecret(arn);
      cached = { value, at: Date.now() };
      value.catch(() => (cached = undefined));
    }
    return cached.value;
  };
}

async function fetchSecret(arn: string): Promise<string> {
  client ??= new SecretsManagerClient({});
  const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: arn }));
  return z.string().trim().min(1).parse(SecretString);
}

const apiKeyFromAws = cachedSecret('STRIPE_API_KEY_SECRET_ARN');
const webhookSecretFromAws = cachedSecret('STRIPE_WEBHOOK_SECRET_ARN');

/** The Stripe API key (`sk_…`): billing functions and the meter sink. */
export function stripeApiKey(): Promise<string> {
  return config.STRIPE_SECRET_KEY ? Promise.resolve(config.STRIPE_SECRET_KEY) : apiKeyFromAws();
}

/** The webhook endpoint's signing secret (`whsec_…`): the webhook receiver only. */
export function stripeWebhookSecret(): Promise<string> {
  return config.STRIPE_WEBHOOK_SECRET ? Promise.resolve(config.STRIPE_WEBHOOK_SECRET) : webhookSecretFromAws();
}
