import * as fs from 'node:fs';
import * as path from 'node:path';
import { stackAndNested, synthArgus } from './helpers';

/**
 * CloudFormation refuses a template of more than 500 resources, and a nested stack's parameters and outputs are capped
 * at 200 each. The stateless stack splits its routes into one nested stack per area (ROUTE_AREAS in infra/routes.ts);
 * this guard keeps every stack of the largest stage well below the limits as routes are added.
 */
const MAX_RESOURCES = 400;
const MAX_PARAMETERS_OR_OUTPUTS = 150;

describe('stack sizes (prod, the real tables)', () => {
  const { app, stateful, stateless, edge } = synthArgus('prod');
  const assembly = app.synth();
  const stacks = [stateful, edge!, ...stackAndNested(stateless)];
  const templates = stacks.map((stack) => {
    const template = stack.nestedStackParent
      ? JSON.parse(fs.readFileSync(path.join(assembly.directory, stack.templateFile), 'utf8'))
      : assembly.getStackArtifact(stack.artifactId).template;
    return [stack.node.path, template] as const;
  });

  it('checks the stateful, edge and stateless stacks and one nested stack per route area', () => {
    expect(templates.length).toBe(3 + stateless.routeAreas.size);
    expect(stateless.routeAreas.size).toBeGreaterThan(1);
  });

  it.each(templates)(`%s has fewer than ${MAX_RESOURCES} resources`, (_path, template) => {
    const count = Object.keys(template.Resources).length;
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(MAX_RESOURCES);
  });

  it.each(templates)(`%s has fewer than ${MAX_PARAMETERS_OR_OUTPUTS} parameters and outputs each`, (_path, template) => {
    expect(Object.keys(template.Parameters ?? {}).length).toBeLessThan(MAX_PARAMETERS_OR_OUTPUTS);
    expect(Object.keys(template.Outputs ?? {}).length).toBeLessThan(MAX_PARAMETERS_OR_OUTPUTS);
  });
});
