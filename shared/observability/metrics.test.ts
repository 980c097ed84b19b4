describe('emitMetric', () => {
  const load = (stage: string) => {
    process.env.STAGE = stage;
    let mod!: typeof import('./metrics');
    jest.isolateModules(() => {
      mod = require('./metrics');
    });
    return mod;
  };

  it('writes one EMF line CloudWatch turns into Argus/<name> with the Stage dimension', () => {
    const { emitMetric } = load('prod');
    const lines: string[] = [];
    emitMetric('SignUps', 1, (l) => lines.push(l));
    expect(lines).toHaveLength(1);
    expect(lines[0].endsWith('\n')).toBe(true);
    const parsed = JSON.parse(lines[0]);
    expect(parsed).toEqual({
      _aws: { Timestamp: expect.any(Number), CloudWatchMetrics: [{ Namespace: 'Argus', Dimensions: [['Stage']], Metrics: [{ Name: 'SignUps', Unit: 'Count' }] }] },
      Stage: 'prod',
      SignUps: 1,
    });
  });

  it('writes nothing on the local stage and never throws', () => {
    const lines: string[] = [];
    load('local').emitMetric('Checkouts', 1, (l) => lines.push(l));
    expect(lines).toEqual([]);
    expect(() =>
      load('dev').emitMetric('Checkouts', 1, () => {
        throw new Error('stdout closed');
      }),
    ).not.toThrow();
  });
});
