import { readFileSync } from 'node:fs';
import path from 'node:path';
import { domainEventSchemas } from './domain';

describe('domain event schemas', () => {
  it('accept the samples and reject a threshold the contract does not name', () => {
    const sample = JSON.parse(readFileSync(path.join(__dirname, 'samples/domain/usage-threshold-crossed.json'), 'utf8'));
    expect(domainEventSchemas['usage.threshold_crossed'].parse(sample)).toEqual(sample);
    expect(domainEventSchemas['usage.threshold_crossed'].safeParse({ ...sample, threshold: 90 }).success).toBe(false);
  });

  it('accept the credits.granted sample and refuse a source the contract does not name', () => {
    const sample = JSON.parse(readFileSync(path.join(__dirname, 'samples/domain/credits-granted.json'), 'utf8'));
    expect(domainEventSchemas['credits.granted'].parse(sample)).toEqual(sample);
    expect(domainEventSchemas['credits.granted'].safeParse({ ...sample, source: 'gift' }).success).toBe(false);
  });

  it('accept the spend_limit.reached sample and refuse a flattened amount', () => {
    const sample = JSON.parse(readFileSync(path.join(__dirname, 'samples/domain/spend-limit-reached.json'), 'utf8'));
    expect(domainEventSchemas['spend_limit.reached'].parse(sample)).toEqual(sample);
    expect(domainEventSchemas['spend_limit.reached'].safeParse({ ...sample, limit: 500 }).success).toBe(false);
  });
});
