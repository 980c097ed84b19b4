import { Logger } from '@aws-lambda-powertools/logger';

/** One logger per container; the level comes from POWERTOOLS_LOG_LEVEL set per stage. */
export const logger = new Logger({ serviceName: 'argus' });
