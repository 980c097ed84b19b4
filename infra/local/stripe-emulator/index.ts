import type { AddressInfo } from 'node:net';
import { createApiRouter } from './api';
import { ControlRouter } from './control';
import { Core } from './core';
import { createServer } from './server';
import { Store } from './store';
import { WebhookDispatcher } from './webhooks';

export interface StripeEmulatorOptions {
  port: number; // 0 = any free port
  host?: string; // default '127.0.0.1'
  stateFile?: string; // JSON file; when given, state is loaded at start and saved shortly after each change (and on close)
  webhookUrl?: string; // where signed webhooks are POSTed (can also be set later with setWebhookUrl)
  webhookSecret: string; // 'whsec_...'
}

export interface StripeEmulator {
  url: string;
  port: number;
  setWebhookUrl(url: string): void;
  close(): Promise<void>;
}

export { API_VERSION } from './core';
export { signPayload } from './webhooks';

export async function startStripeEmulator(opts: StripeEmulatorOptions): Promise<StripeEmulator> {
  const host = opts.host ?? '127.0.0.1';
  const store = new Store(opts.stateFile);
  const log = (msg: string) => console.warn(`[stripe-emulator] ${msg}`);
  const webhooks = new WebhookDispatcher(store, opts.webhookSecret, opts.webhookUrl, log);
  const core = new Core(store, webhooks);
  const server = createServer(core, createApiRouter(), new ControlRouter());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;
  core.baseUrl = url;
  webhooks.kick();
  return {
    url,
    port,
    setWebhookUrl: (u: string) => webhooks.setUrl(u),
    close: async () => {
      await webhooks.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      store.flush();
    },
  };
}
