import path from 'node:path';

/** The document's metric and feature enums come from the catalog file: a fixture catalog's new metric appears with no code change. */
describe('OpenAPI follows the catalog', () => {
  const generate = (catalogDir?: string): any => {
    const saved = process.env.ARGUS_CATALOG_DIR;
    if (catalogDir) process.env.ARGUS_CATALOG_DIR = catalogDir;
    try {
      let doc: unknown;
      jest.isolateModules(() => {
        doc = JSON.parse((require('./generate') as typeof import('./generate')).generateOpenApiJson());
      });
      return doc;
    } finally {
      if (saved === undefined) delete process.env.ARGUS_CATALOG_DIR;
      else process.env.ARGUS_CATALOG_DIR = saved;
    }
  };

  it('lists the fixture catalog\'s `minutes` wherever a metric is named, and the shipped catalog without it', () => {
    const fixture = generate(path.join(__dirname, '..', '..', 'shared', 'plans', 'fixtures', 'minutes'));
    const schemas = fixture.components.schemas;
    expect(schemas.CreditPack.properties.metric.enum).toEqual(['llm_tokens', 'agent_executions', 'api_calls', 'storage_gb', 'minutes']);
    expect(schemas.Plan.properties.metrics.propertyNames.enum).toContain('minutes');
    expect(JSON.stringify(fixture.paths)).toContain('"minutes"');
    const shipped = generate();
    expect(shipped.components.schemas.CreditPack.properties.metric.enum).toEqual(['llm_tokens', 'agent_executions', 'api_calls', 'storage_gb']);
    expect(JSON.stringify(shipped)).not.toContain('"minutes"');
  });
});
