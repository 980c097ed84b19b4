import Stripe from 'stripe';

/**
 * A Stripe SDK client for `secretKey`; with `apiUrl` (the local Stripe emulator) it speaks plain http to that host and
 * port, otherwise it talks to api.stripe.com. The API version is the SDK's own (pinned with the package).
 */
export function stripeClientFor(secretKey: string, apiUrl?: string): Stripe {
  const url = apiUrl ? new URL(apiUrl) : undefined;
  return new Stripe(secretKey, {
    ...(url ? { host: url.hostname, port: url.port, protocol: url.protocol === 'https:' ? 'https' : 'http' } : {}),
    maxNetworkRetries: 2,
    timeout: 8_000,
    appInfo: { name: 'argus' },
  });
}
