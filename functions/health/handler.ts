import { httpHandler } from '../../shared/http/handler';

export const handler = httpHandler({}, async () => ({ body: { status: 'ok' } }));
