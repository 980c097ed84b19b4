import type { Config } from '@jest/types';
import { startOwnStack } from './own-stack';

/** globalSetup of a project that runs on a stack of its own, named after the project (operator). */
export default async function start(_global: Config.GlobalConfig, project: Config.ProjectConfig): Promise<void> {
  await startOwnStack(String(project.displayName?.name));
}
