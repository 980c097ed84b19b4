import { ensureConsoleBuiltSync } from '../local/console-build';
import { startOwnStack } from './own-stack';

/**
 * The console project's own local stack, which confirms sign-ups by mailed code as deployed stages do, so the sign-up
 * journey is the real one. web/ is built first when stale, so the browser tests always load a fresh console.
 */
export default async function startConsoleStack(): Promise<void> {
  // Here rather than only in `npm start`, which serves the previous build when web/ does not build: a test must not.
  ensureConsoleBuiltSync();
  await startOwnStack('console', { ARGUS_AUTO_CONFIRM_SIGNUP: 'false' });
}
