import { z } from 'zod';
import { readConfig } from './config';

describe('readConfig', () => {
  it('returns the parsed settings', () => {
    expect(readConfig({ TABLE_NAME: z.string(), N: z.coerce.number() }, { TABLE_NAME: 't', N: '3' })).toEqual({ TABLE_NAME: 't', N: 3 });
  });

  it('fails fast naming every missing setting', () => {
    expect(() => readConfig({ TABLE_NAME: z.string(), QUEUE_URL: z.string() }, {})).toThrow(/TABLE_NAME.*QUEUE_URL/);
  });
});
