import { stopOwnStack } from './own-stack';

export default async function stopConsoleStack(): Promise<void> {
  await stopOwnStack('console');
}
