import { fauxqsStores } from './s3-store';

/**
 * Runs the fauxqs emulator in this process, bound to loopback only: SQS, and S3 on the same endpoint (path-style
 * requests, `/<bucket>/<key>`), its objects kept on disk under `s3Dir` so they survive a restart like the table does.
 */
export async function startSqs(port: number, s3Dir: string): Promise<{ endpoint: string; close: () => Promise<void> }> {
  // fauxqs publishes ESM only (an `import` export condition, no `require`), so it is loaded with a real dynamic import.
  const { buildApp } = await import('fauxqs');
  const stores = (await fauxqsStores(s3Dir)) as unknown as NonNullable<Parameters<typeof buildApp>[0]>['stores'];
  const app = buildApp({ logger: false, stores });
  await app.listen({ host: '127.0.0.1', port });
  return { endpoint: `http://127.0.0.1:${port}`, close: () => app.close() };
}
