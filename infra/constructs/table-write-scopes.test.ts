import { TABLE_WRITE_SCOPE_KEYS } from './function-grants';

// The key builders open the table client when loaded, which reads TABLE_NAME.
process.env.TABLE_NAME ??= 'argus-unit';

/** The partition-key prefix a key builder produces: everything before the first caller-supplied part. */
function prefixOf(pk: string, marker: string): string {
  expect(pk).toContain(marker);
  return pk.slice(0, pk.indexOf(marker));
}

describe('narrow table-write scopes match the domain key builders', () => {
  const marker = '\u0000marker';

  it('rate-counters: the rate limiter counter items', () => {
    const { rateCounterKeys } = require('../../shared/ratelimit/window-counter') as typeof import('../../shared/ratelimit/window-counter');
    expect(TABLE_WRITE_SCOPE_KEYS['rate-counters'].flatMap((g) => g.partitionPrefixes)).toEqual([prefixOf(rateCounterKeys.item(marker, 0).PK, marker)]);
  });

  it('license-devices: machine items and the license item that counts them', () => {
    const { licenseKeys } = require('../../shared/db/licenses') as typeof import('../../shared/db/licenses');
    expect(TABLE_WRITE_SCOPE_KEYS['license-devices'].flatMap((g) => g.partitionPrefixes)).toEqual([
      prefixOf(licenseKeys.machine(marker, 'm').PK, marker),
      prefixOf(licenseKeys.license(marker, 'l').PK, marker),
    ]);
  });

  it('operator-stats: the hourly license-validation counters', () => {
    const { validationCounterKeys } = require('../../shared/operator/license-validation-counter') as typeof import('../../shared/operator/license-validation-counter');
    expect(TABLE_WRITE_SCOPE_KEYS['operator-stats'].flatMap((g) => g.partitionPrefixes)).toEqual([validationCounterKeys.prefix]);
    expect(validationCounterKeys.pk('2026-12-02T06').startsWith(validationCounterKeys.prefix)).toBe(true);
  });

  it('active-users: the per-day active-user markers', () => {
    const { analyticsKeys } = require('../../shared/db/analytics-keys') as typeof import('../../shared/db/analytics-keys');
    expect(TABLE_WRITE_SCOPE_KEYS['active-users'].flatMap((g) => g.partitionPrefixes)).toEqual([prefixOf(analyticsKeys.active(marker, 'user:u').PK, marker)]);
  });
});
