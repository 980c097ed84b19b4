import { checksum, generateLicenseKey, licenseKeyHash, licenseKeyHint, parseLicenseKey } from './license-key';

describe('license keys', () => {
  it('have the documented shape and a valid checksum', () => {
    const key = generateLicenseKey('professional');
    expect(key).toMatch(/^ARGUS-PROFESSIONAL-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(parseLicenseKey(key)).toBe(key);
  });

  it('are different every time', () => {
    const keys = new Set(Array.from({ length: 1000 }, () => generateLicenseKey('explorer')));
    expect(keys.size).toBe(1000);
  });

  it('forgive case and surrounding blanks', () => {
    const key = generateLicenseKey('explorer');
    expect(parseLicenseKey(`  ${key.toLowerCase()}\n`)).toBe(key);
  });

  it('catch every single-symbol typo in the random groups for certain', () => {
    for (let n = 0; n < 20; n++) {
      const key = generateLicenseKey('business');
      const start = 'ARGUS-BUSINESS-'.length;
      for (let i = start; i < start + 17; i++) {
        if (key[i] === '-') continue;
        for (const c of '0123456789ABCDEFGHJKMNPQRSTVWXYZ') {
          if (c !== key[i]) expect(parseLicenseKey(key.slice(0, i) + c + key.slice(i + 1))).toBeUndefined();
        }
      }
    }
  });

  it('catch the typos and adjacent swaps of a fixed key without a lookup', () => {
    const body = 'ARGUS-BUSINESS-7K2QD-M9XZ4-PT0VA';
    const key = `${body}-${checksum(body)}`;
    expect(parseLicenseKey(key)).toBe(key);
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    let typos = 0;
    for (let i = 'ARGUS-BUSINESS-'.length; i < key.length; i++) {
      if (key[i] === '-') continue;
      for (const c of alphabet) {
        if (c === key[i]) continue;
        typos++;
        expect(parseLicenseKey(key.slice(0, i) + c + key.slice(i + 1))).toBeUndefined();
      }
      if (i + 1 < key.length && key[i + 1] !== '-' && key[i] !== key[i + 1]) {
        expect(parseLicenseKey(key.slice(0, i) + key[i + 1] + key[i] + key.slice(i + 2))).toBeUndefined();
      }
    }
    expect(typos).toBeGreaterThan(500);
  });

  it('refuse malformed input', () => {
    for (const bad of ['', 'ARGUS', 'ak_123', 'ARGUS-PRO-AAAAA-AAAAA-AAAA-0000', 'ARGUS-PRO-IIIII-AAAAA-AAAAA-0000']) expect(parseLicenseKey(bad)).toBeUndefined();
  });

  it('checksum is deterministic, 4 symbols', () => {
    expect(checksum('ARGUS-X-00000-00000-00000')).toBe(checksum('ARGUS-X-00000-00000-00000'));
    expect(checksum('abc')).toHaveLength(4);
  });

  it('stores a hash and shows only a hint', () => {
    const key = generateLicenseKey('explorer');
    expect(licenseKeyHash(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(licenseKeyHint(key)).toBe(key.slice(-10));
  });
});
