import { catalogDir, loadCatalogSet, readCatalogDir } from '../../shared/plans/catalog-load';
import { stopChildren } from './emulators/children';
import { stateDir } from './state';

/** `npm start [-- --fresh]`: the whole Argus stack on this machine (CONTRACT §2). */
async function main(): Promise<void> {
  const fresh = process.argv.includes('--fresh');
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 1 || port > 65_000) throw new Error(`PORT must be a port number, got ${process.env.PORT}`);
  // The catalog (catalog/ or ARGUS_CATALOG_DIR) first: an invalid one stops here with each problem's file and line.
  const dir = catalogDir();
  loadCatalogSet(readCatalogDir(dir).map((f) => ({ ...f, name: `${dir}/${f.name}` })));
  // The console's build when web/ changed since web/dist was built (a digest of file stats: milliseconds when fresh).
  const { ensureConsoleBuilt } = await import('./console-build');
  await ensureConsoleBuilt((line) => process.stdout.write(`${line}\n`));
  // Loaded after the check: the stack's modules load the catalog as they are imported.
  const { startLocalStack } = await import('./stack');
  const stack = await startLocalStack({ dir: stateDir(), port, fresh });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping the local stack…\n`);
    void stack.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.stdout.write(`Argus local stack ready at ${stack.info.apiUrl} · console ${stack.info.consoleUrl} (state in ${stateDir()}/local.json)\n`);
}

main().catch(async (error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  await stopChildren();
  process.exit(1);
});
