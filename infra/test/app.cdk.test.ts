import { App } from 'aws-cdk-lib';
import { STAGES } from '../config/stages';
import { addArgus } from '../stacks/argus';
import { SAMPLE_TABLES } from './helpers';

describe('app', () => {
  it.each(STAGES)('stage %s: creates the stateful and the stateless stack, stateless deployed after stateful', (stage) => {
    const app = new App({ context: { stage, 'aws:cdk:bundling-stacks': [] } });
    const { stateful, stateless } = addArgus(app, SAMPLE_TABLES);
    expect([stateful.stackName, stateless.stackName]).toEqual([`Argus-${stage}-Stateful`, `Argus-${stage}-Stateless`]);
    const assembly = app.synth();
    const deps = assembly.getStackArtifact(stateless.artifactId).dependencies.map((d) => d.id);
    expect(deps).toContain(stateful.artifactId);
  });

  it.each([['qa'], [undefined], ['PROD']])('refuses stage %p with a readable error', (stage) => {
    const app = new App({ context: stage === undefined ? {} : { stage } });
    expect(() => addArgus(app, SAMPLE_TABLES)).toThrow(/Unknown stage .*use -c stage=local\|dev\|staging\|prod/);
  });
});
