import { firehoseRecord, firehoseSink } from './firehose-sink';
import { rawEventRow } from './raw-events';

const row = (id: string) => rawEventRow('org_1', { id, eventType: 'command', timestamp: '2026-11-30T10:00:00.250Z', executionTimeMs: 5 }, 'user:u1', new Date('2026-11-30T10:00:01Z'));
const credentials = () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'session' });

type Call = { url: string; headers: Record<string, string>; body: { DeliveryStreamName: string; Records: { Data: string }[] } };

function stubFirehose(failFirst: number[]) {
  const calls: Call[] = [];
  const fetchStub = (async (url: string, init: RequestInit) => {
    const body = JSON.parse(String(init.body)) as Call['body'];
    calls.push({ url, headers: init.headers as Record<string, string>, body });
    const fail = calls.length === 1 ? new Set(failFirst) : new Set<number>();
    return new Response(JSON.stringify({ FailedPutCount: fail.size, RequestResponses: body.Records.map((_, i) => (fail.has(i) ? { ErrorCode: 'ServiceUnavailableException' } : { RecordId: `r${i}` })) }), { status: 200 });
  }) as unknown as typeof fetch;
  return { calls, fetchStub };
}

describe('Firehose raw sink', () => {
  it('puts one signed JSON record per row and sends again only the records Firehose failed', async () => {
    const { calls, fetchStub } = stubFirehose([1]);
    const sink = firehoseSink({ streamName: 'argus-dev-analytics', region: 'eu-west-1', credentials, fetch: fetchStub });
    await sink.write({ messageId: 'm1', day: '2026-11-30', rows: [row('a'), row('b'), row('c')] });
    expect(calls).toHaveLength(2);
    expect(calls[0].url).toBe('https://firehose.eu-west-1.amazonaws.com/');
    expect(calls[0].headers['x-amz-target']).toBe('Firehose_20150804.PutRecordBatch');
    expect(calls[0].headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/firehose\/aws4_request, SignedHeaders=.*x-amz-target.*, Signature=[0-9a-f]{64}$/);
    expect(calls[0].headers['x-amz-security-token']).toBe('session');
    expect(calls[0].body.DeliveryStreamName).toBe('argus-dev-analytics');
    const decoded = (c: Call) => c.body.Records.map((r) => JSON.parse(Buffer.from(r.Data, 'base64').toString()) as Record<string, unknown>);
    expect(decoded(calls[0]).map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(decoded(calls[1]).map((r) => r.id)).toEqual(['b']);
  });

  it('throws when records keep failing, so the message is redelivered', async () => {
    const fetchStub = (async () => new Response('{}', { status: 500 })) as unknown as typeof fetch;
    const sink = firehoseSink({ streamName: 's', region: 'us-east-1', credentials, fetch: fetchStub });
    await expect(sink.write({ messageId: 'm1', day: '2026-11-30', rows: [row('a')] })).rejects.toThrow(/Firehose refused 1 records/);
  });

  it('writes timestamps the way the Glue table reads them and keeps the columns as keys', () => {
    const json = JSON.parse(firehoseRecord(row('a')));
    expect(json).toMatchObject({ id: 'a', org_id: 'org_1', event_type: 'command', event_time: '2026-11-30 10:00:00.250', execution_time_ms: 5, actor: 'user:u1' });
  });
});
