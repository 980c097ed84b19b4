import { api } from '../../infra/local/testing/local-stack';

describe('GET /health', () => {
  it('answers 200 {status: ok} with a request id', async () => {
    const res = await api('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown route with the contract 404 body', async () => {
    const res = await api('/v1/no-such-route');
    expect(res.status).toBe(404);
    expect(res.body.error).toEqual({ code: 'not_found', message: expect.any(String), requestId: res.headers.get('x-request-id') });
  });
});
