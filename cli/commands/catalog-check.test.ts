import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { catalogCheck } from './catalog-check';

const repo = path.resolve(__dirname, '..', '..');
const run = (dir: string) => catalogCheck.run({ positionals: [], values: { dir } });

describe('argus catalog check', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'argus-catalog-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes the shipped catalog and the fixture with a new metric, listing versions and entries', async () => {
    const shipped = await run(path.join(repo, 'catalog'));
    expect(shipped.exitCode ?? 0).toBe(0);
    expect(shipped.json).toMatchObject({ ok: true, versions: [1], currentVersion: 1, plans: ['explorer', 'professional', 'business', 'enterprise'] });
    const fixture = await run(path.join(repo, 'shared', 'plans', 'fixtures', 'minutes'));
    expect(fixture.json).toMatchObject({ ok: true, versions: [1, 2], currentVersion: 2, metrics: ['llm_tokens', 'agent_executions', 'api_calls', 'storage_gb', 'minutes'] });
    expect(fixture.text).toContain('metrics: llm_tokens, agent_executions, api_calls, storage_gb, minutes');
  });

  it('fails (exit 1) naming the file, line and entry of each problem', async () => {
    copyFileSync(path.join(repo, 'catalog', 'v1.json'), path.join(dir, 'v1.json'));
    const text = readFileSync(path.join(dir, 'v1.json'), 'utf8').replace('"metric": "agent_executions"', '"metric": "agent_runs"');
    writeFileSync(path.join(dir, 'v1.json'), text);
    const line = text.slice(0, text.indexOf('"agent_runs"')).split('\n').length;
    const result = await run(dir);
    expect(result.exitCode).toBe(1);
    expect(result.json).toMatchObject({ ok: false, problems: [{ file: path.join(dir, 'v1.json'), line, path: 'creditPacks.1.metric', message: 'credit pack "agents_1k": unknown metric "agent_runs"' }] });
    expect(result.text).toContain(`${path.join(dir, 'v1.json')}:${line}:`);
    expect(result.text).toContain('creditPacks.1.metric: credit pack "agents_1k": unknown metric "agent_runs"');
  });
});
