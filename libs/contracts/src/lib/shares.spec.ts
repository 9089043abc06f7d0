import {
  distributeProportionally,
  newTaskShare,
  shareInvariantViolation,
  shareRuleViolation,
  sharesAfterAdd,
  sharesAfterRemove,
  weightedPayGroup,
} from './shares';

describe('share arithmetic (docs/product.md § Shares)', () => {
  it.each([
    [0, 100],
    [1, 50],
    [2, 35],
    [3, 25],
    [4, 20],
    [5, 15],
    [6, 15],
    [7, 15],
    [8, 10],
    [9, 10],
    [19, 5],
  ])('a task added to %i gets %i', (existing, share) => {
    expect(newTaskShare(existing)).toBe(share);
  });

  it.each<[number[], number, number[]]>([
    [[], 0, [100]],
    [[100], 1, [50, 50]],
    [[50, 50], 2, [35, 30, 35]],
    [[50, 50], 0, [35, 35, 30]],
    [[35, 30, 35], 3, [25, 25, 25, 25]],
    [[5, 95], 2, [5, 60, 35]],
    [[10, 10, 10, 10, 10, 10, 10, 10, 20], 9, [10, 10, 10, 10, 10, 10, 10, 5, 15, 10]],
  ])('adding to %j at %i gives %j', (current, index, expected) => {
    const next = sharesAfterAdd(current, index);
    expect(next).toEqual(expected);
    expect(shareInvariantViolation(next)).toBeNull();
  });

  it.each<[number[], number, number[]]>([
    [[100], 0, []],
    [[50, 50], 0, [100]],
    [[35, 30, 35], 1, [50, 50]],
    [[25, 25, 25, 25], 3, [35, 35, 30]],
    [[5, 5, 90], 2, [50, 50]],
    [[10, 80, 10], 1, [50, 50]],
  ])('removing from %j at %i gives %j', (current, index, expected) => {
    const next = sharesAfterRemove(current, index);
    expect(next).toEqual(expected);
    expect(shareInvariantViolation(next)).toBeNull();
  });

  it('names the rule a share list breaks', () => {
    expect(shareInvariantViolation([50, 40])).toMatch(/add up to 100/);
    expect(shareInvariantViolation([52, 48])).toMatch(/multiple of 5/);
    expect(shareInvariantViolation([0, 100])).toMatch(/at least 5/);
    expect(shareInvariantViolation([50.5, 49.5])).toMatch(/integer/);
    expect(shareInvariantViolation([])).toBeNull();
  });

  it('names the broken rule as data for the SHARES_INVALID error', () => {
    expect(shareRuleViolation([50, 40])).toEqual({ rule: 'sum', sum: 90 });
    expect(shareRuleViolation([52, 48])).toEqual({ rule: 'step', value: 52 });
    expect(shareRuleViolation([0, 100])).toEqual({ rule: 'min', value: 0 });
    expect(shareRuleViolation([50.5, 49.5])).toEqual({ rule: 'integer', value: 50.5 });
    expect(shareRuleViolation([60, 40])).toBeNull();
  });

  it('keeps every item at the minimum even for extreme weights', () => {
    const out = distributeProportionally([1000, 0, 0, 0], 100);
    expect(out).toEqual([85, 5, 5, 5]);
  });

  it('computes the weighted pay group over tasks that have one', () => {
    expect(weightedPayGroup([])).toBeNull();
    expect(weightedPayGroup([{ payGroup: null, percentage: 100 }])).toBeNull();
    expect(
      weightedPayGroup([
        { payGroup: 9, percentage: 30 },
        { payGroup: 12, percentage: 50 },
        { payGroup: null, percentage: 20 },
      ]),
    ).toBe(10.88);
  });
});
