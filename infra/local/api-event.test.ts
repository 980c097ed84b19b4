import type { IncomingMessage } from 'node:http';
import { buildApiEvent, sourceIp } from './api-event';

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

describe('which request bodies the local runner base64-encodes (as API Gateway HTTP APIs do)', () => {
  const event = (contentType: string | undefined, body = Buffer.from([0x0a, 0x03, 0x6f, 0x72, 0x67, 0xff])) => {
    const req = { method: 'POST', socket: { remoteAddress: '127.0.0.1' }, headers: contentType === undefined ? {} : { 'content-type': contentType } } as unknown as IncomingMessage;
    return buildApiEvent(req, new URL('http://127.0.0.1/rpc/x'), { route: undefined }, body);
  };

  it('passes JSON, XML, JavaScript and text as text', () => {
    for (const type of ['application/json', 'application/json; charset=utf-8', 'application/xml', 'application/javascript', 'text/plain']) {
      const e = event(type, Buffer.from('{"a":1}'));
      expect([type, e.isBase64Encoded, e.body]).toEqual([type, false, '{"a":1}']);
    }
  });

  it('base64-encodes binary protobuf, other types and a missing content type, byte for byte', () => {
    for (const type of ['application/proto', 'application/connect+proto', 'application/octet-stream', 'application/x-www-form-urlencoded', undefined]) {
      const e = event(type);
      expect([type, e.isBase64Encoded, Buffer.from(e.body!, 'base64')]).toEqual([type, true, Buffer.from([0x0a, 0x03, 0x6f, 0x72, 0x67, 0xff])]);
    }
  });
});
