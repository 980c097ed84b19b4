import { readFileSync } from 'node:fs';
import path from 'node:path';
import { meterSinkMessageSchema } from './meter-sink';

describe('meter sink queue messages', () => {
  it('accept the sample and refuse a message without its period', () => {
    const sample = JSON.parse(readFileSync(path.join(__dirname, 'samples/meter-sink/period.json'), 'utf8'));
    expect(meterSinkMessageSchema.parse(sample)).toEqual(sample);
    const { periodEnd: _end, ...withoutEnd } = sample;
    expect(meterSinkMessageSchema.safeParse(withoutEnd).success).toBe(false);
  });
});
