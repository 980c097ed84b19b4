/** Runs the fauxqs SQS emulator in this process, bound to loopback only. */
export async function startSqs(port: number): Promise<{ endpoint: string; close: () => Promise<void> }> {
  // fauxqs publishes ESM only (an `import` export condition, no `require`), so it is loaded with a real dynamic import.
  const { buildApp } = await import('fauxqs');
  const app = buildApp({ logger: false });
  await app.listen({ host: '127.0.0.1', port });
  return { endpoint: `http://127.0.0.1:${port}`, close: () => app.close() };
}
