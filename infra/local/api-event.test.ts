import type { IncomingMessage } from 'node:http';
import { sourceIp } from './api-event';

const request = (remoteAddress: string, forwarded?: string) =>
  ({ socket: { remoteAddress }, headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded } }) as unknown as IncomingMessage;

describe('the source IP the local runner reports', () => {
  it('is the socket peer, without the IPv4-mapped prefix', () => {
    expect(sourceIp(request('::ffff:127.0.0.1'))).toBe('127.0.0.1');
    expect(sourceIp(request('10.1.2.3'))).toBe('10.1.2.3');
  });

  it('takes X-Forwarded-For only from a loopback peer, and only a real address', () => {
    expect(sourceIp(request('127.0.0.1', '198.18.0.7'))).toBe('198.18.0.7');
    expect(sourceIp(request('::1', '2001:db8::1, 10.0.0.1'))).toBe('2001:db8::1');
    expect(sourceIp(request('127.0.0.1', 'not-an-ip'))).toBe('127.0.0.1');
    expect(sourceIp(request('10.1.2.3', '198.18.0.7'))).toBe('10.1.2.3');
    expect(sourceIp(request('::ffff:192.168.1.9', '127.0.0.1'))).toBe('192.168.1.9');
  });
});
