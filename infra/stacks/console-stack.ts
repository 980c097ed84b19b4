import { Aws, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/stages';
import { apiHostPattern, ConsoleContent, ConsoleSite } from '../constructs/console-site';

/**
 * `Argus-<stage>-Console`: the console's bucket and CloudFront distribution. Deployed before the API, whose CORS
 * allows the distribution's origin; the files and config.json come after the API (`ConsoleContentStack`), which is
 * how the two refer to each other without a cycle.
 */
export class ConsoleStack extends Stack {
  readonly site: ConsoleSite;

  constructor(scope: Construct, id: string, props: StackProps & { config: StageConfig }) {
    super(scope, id, props);
    this.site = new ConsoleSite(this, 'Site', { stage: props.config.stage, retainData: props.config.retainData, apiOrigins: [apiHostPattern()] });
  }
}

export interface ConsoleContentStackProps extends StackProps {
  config: StageConfig;
  site: ConsoleSite;
  /** The stage's API base URL (the stateless stack's `ApiUrl`). */
  apiUrl: string;
  userPoolClientId: string;
}

/** `Argus-<stage>-ConsoleContent`: web/dist and a generated config.json into the console's bucket. */
export class ConsoleContentStack extends Stack {
  constructor(scope: Construct, id: string, props: ConsoleContentStackProps) {
    super(scope, id, props);
    new ConsoleContent(this, 'Content', {
      stage: props.config.stage,
      site: props.site,
      config: { apiUrl: props.apiUrl, region: Aws.REGION, userPoolClientId: props.userPoolClientId, stage: props.config.stage },
    });
  }
}
