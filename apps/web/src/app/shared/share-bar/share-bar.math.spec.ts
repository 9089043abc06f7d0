import { shareInvariantViolation } from '@tdgen/contracts';
import { dividerPosition, moveDivider, pixelsToPercent } from './share-bar.math';

describe('share bar arithmetic', () => {
  it.each<[number[], number, number, number[]]>([
    [[50, 50], 0, 5, [55, 45]],
    [[50, 50], 0, -5, [45, 55]],
    [[50, 50], 0, 7, [55, 45]],
    [[50, 50], 0, 8, [60, 40]],
    [[50, 50], 0, 2, [50, 50]],
    [[50, 50], 0, -12.6, [35, 65]],
    [[30, 40, 30], 1, 10, [30, 50, 20]],
    [[30, 40, 30], 0, -10, [20, 50, 30]],
  ])('moving divider %# of %j by %d gives %j', (shares, divider, delta, expected) => {
    expect(moveDivider(shares, divider, delta)).toEqual(expected);
  });

  it('never shrinks a neighbour below 5', () => {
    expect(moveDivider([50, 50], 0, 80)).toEqual([95, 5]);
    expect(moveDivider([10, 90], 0, -40)).toEqual([5, 95]);
    expect(moveDivider([5, 95], 0, -5)).toEqual([5, 95]);
  });

  it('only touches the two neighbours of the divider', () => {
    expect(moveDivider([20, 20, 20, 40], 2, -10)).toEqual([20, 20, 10, 50]);
  });

  it('keeps the share invariant for every move', () => {
    const start = [10, 25, 15, 50];
    for (let divider = 0; divider < start.length - 1; divider++) {
      for (let delta = -100; delta <= 100; delta += 3) {
        expect(shareInvariantViolation(moveDivider(start, divider, delta))).toBeNull();
      }
    }
  });

  it('ignores a divider that does not exist', () => {
    expect(moveDivider([100], 0, 5)).toEqual([100]);
    expect(moveDivider([50, 50], -1, 5)).toEqual([50, 50]);
  });

  it('converts pointer travel to percentage points and reports divider positions', () => {
    expect(pixelsToPercent(40, 400)).toBe(10);
    expect(pixelsToPercent(40, 0)).toBe(0);
    expect(dividerPosition([20, 30, 50], 1)).toBe(50);
  });
});
