import { reachedThresholds } from './threshold-levels';

describe('reachedThresholds', () => {
  it('reports each level at exactly its percentage', () => {
    expect(reachedThresholds(7_999, 10_000)).toEqual([]);
    expect(reachedThresholds(8_000, 10_000)).toEqual([80]);
    expect(reachedThresholds(10_000, 10_000)).toEqual([80, 100]);
    expect(reachedThresholds(11_999, 10_000)).toEqual([80, 100]);
    expect(reachedThresholds(12_000, 10_000)).toEqual([80, 100, 120]);
  });
  it('has no levels without an included amount', () => {
    expect(reachedThresholds(5, 0)).toEqual([]);
  });
});
