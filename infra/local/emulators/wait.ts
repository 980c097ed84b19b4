import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `probe` until it resolves true, or throws after `timeoutMs` naming what never came up. */
export async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await sleep(150);
  }
  throw new Error(`${what} did not become ready within ${timeoutMs} ms`);
}
