import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { SessionExpiries } from './session-expiries';

describe('SessionExpiries (one timer for the session expiries of every stream)', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('hands over each item when its time comes, earliest first, with one timer', () => {
    const expired: string[] = [];
    const expiries = new SessionExpiries<string>((item) => expired.push(item));
    expiries.add('late', 1_000_000 + 5_000);
    expiries.add('early-a', 1_000_000 + 1_000);
    expiries.add('early-b', 1_000_000 + 1_000);
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(999);
    expect(expired).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(expired.sort()).toEqual(['early-a', 'early-b']);
    jest.advanceTimersByTime(4_000);
    expect(expired).toContain('late');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('forgets deleted items and stops the timer when none is left', () => {
    const expired: string[] = [];
    const expiries = new SessionExpiries<string>((item) => expired.push(item));
    expiries.add('closed', 1_000_000 + 1_000);
    expiries.add('open', 1_000_000 + 2_000);
    expiries.delete('closed', 1_000_000 + 1_000);
    jest.advanceTimersByTime(2_000);
    expect(expired).toEqual(['open']);
    expiries.add('gone', 1_000_000 + 9_000);
    expiries.delete('gone', 1_000_000 + 9_000);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('hands over an expiry already past at once, and one beyond the longest timer delay on time', () => {
    const expired: string[] = [];
    const expiries = new SessionExpiries<string>((item) => expired.push(item));
    expiries.add('past', 1_000_000 - 10);
    jest.advanceTimersByTime(0);
    expect(expired).toEqual(['past']);
    const farAway = 1_000_000 + 2 ** 31 + 5_000;
    expiries.add('far', farAway);
    jest.advanceTimersByTime(2 ** 31 - 1);
    expect(expired).toEqual(['past']);
    jest.advanceTimersByTime(farAway - Date.now());
    expect(expired).toEqual(['past', 'far']);
  });

  it('stop() cancels the timer; a later add arms it again', () => {
    const expired: string[] = [];
    const expiries = new SessionExpiries<string>((item) => expired.push(item));
    expiries.add('a', 1_000_000 + 1_000);
    expiries.stop();
    jest.advanceTimersByTime(5_000);
    expect(expired).toEqual([]);
    expiries.add('b', Date.now() + 1_000);
    jest.advanceTimersByTime(1_000);
    expect(expired.sort()).toEqual(['a', 'b']);
  });
});
