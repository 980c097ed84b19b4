import { decodeProcAddress, isLoopback } from './listeners';

describe('/proc/net/tcp addresses', () => {
  it('decodes IPv4, IPv6 loopback, any-address and IPv4-mapped forms', () => {
    expect(decodeProcAddress('0100007F')).toBe('127.0.0.1');
    expect(decodeProcAddress('00000000')).toBe('0.0.0.0');
    expect(decodeProcAddress('00000000000000000000000001000000')).toBe('::1');
    expect(decodeProcAddress('00000000000000000000000000000000')).toBe('::');
    expect(decodeProcAddress('0000000000000000FFFF00000100007F')).toBe('::ffff:127.0.0.1');
    expect(decodeProcAddress('0000000000000000FFFF00000A00000A')).toBe('::ffff:10.0.0.10');
  });

  it('counts only loopback as loopback', () => {
    expect(['127.0.0.1', '::1', '::ffff:127.0.0.1'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '::', '::ffff:10.0.0.10', '10.0.0.1', '::ffff:0.0.0.0'].some(isLoopback)).toBe(false);
  });
});
