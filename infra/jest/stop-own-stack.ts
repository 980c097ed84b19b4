import type { Config } from '@jest/types';
import { stopOwnStack } from './own-stack';

export default async function stop(_global: Config.GlobalConfig, project: Config.ProjectConfig): Promise<void> {
  await stopOwnStack(String(project.displayName?.name));
}
