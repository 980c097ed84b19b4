import { startStripeEmulator } from './index';

/** Runs the emulator as its own process: PORT, STATE_FILE, WEBHOOK_URL, WEBHOOK_SECRET. */
async function main(): Promise<void> {
  const secret = process.env.WEBHOOK_SECRET;
  if (!secret || !secret.startsWith('whsec_')) {
    console.error('WEBHOOK_SECRET (whsec_...) is required');
    process.exit(1);
  }
  const emulator = await startStripeEmulator({
    port: Number(process.env.PORT ?? 12111),
    host: process.env.HOST,
    stateFile: process.env.STATE_FILE || undefined,
    webhookUrl: process.env.WEBHOOK_URL || undefined,
    webhookSecret: secret,
  });
  console.log(`stripe emulator listening on ${emulator.url}`);
  const stop = () => void emulator.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
