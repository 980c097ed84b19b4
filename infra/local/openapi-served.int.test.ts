import { readFileSync } from 'node:fs';
import { OPENAPI_PATH } from '../openapi/generate';
import { api } from './testing/local-stack';

/** The local runner serves the committed OpenAPI document as is. */
it('GET /openapi.json answers the committed document', async () => {
  const res = await api('/openapi.json');
  expect(res.status).toBe(200);
  expect(res.headers.get('x-request-id')).toBeTruthy();
  expect(res.body).toEqual(JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')));
});
