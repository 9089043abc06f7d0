import { describe, expect, it } from '@jest/globals';
import type { CurrentUserDto } from '@tdgen/contracts';
import { SESSION_CHECK_TTL_MS, SessionUsers } from './session-users';

const ada = { id: 1, username: 'ada', displayName: 'Ada', role: 'ADMIN', language: null } as CurrentUserDto;

describe('SessionUsers', () => {
  it('reuses a positive check for its lifetime, then asks again', async () => {
    let now = 1_000;
    const cache = new SessionUsers(undefined, () => now);
    let checks = 0;
    const check = async () => (checks++, ada);
    await cache.get(1, 's1', 0, check);
    await cache.get(1, 's1', 0, check);
    expect(checks).toBe(1);
    now += SESSION_CHECK_TTL_MS;
    await cache.get(1, 's1', 0, check);
    expect(checks).toBe(2);
  });

  it('asks the database every time while it cannot hear the other instances', async () => {
    let isListening = true;
    const cache = new SessionUsers(() => isListening);
    let checks = 0;
    const check = async () => (checks++, ada);
    await cache.get(1, 's1', 0, check);
    isListening = false;
    await cache.get(1, 's1', 0, check);
    await cache.get(1, 's1', 0, check);
    expect(checks).toBe(3);
  });

  it('never keeps a refusal, and keys by sign-in and epoch', async () => {
    const cache = new SessionUsers();
    let checks = 0;
    expect(await cache.get(1, 's1', 0, async () => (checks++, null))).toBeNull();
    expect(await cache.get(1, 's1', 0, async () => (checks++, null))).toBeNull();
    await cache.get(1, 's1', 0, async () => ada);
    await cache.get(1, 's2', 0, async () => (checks++, ada));
    await cache.get(1, 's1', 1, async () => (checks++, ada));
    expect(checks).toBe(4);
  });

  it('forgets a user at once, and does not keep a check that overlapped the forgetting', async () => {
    const cache = new SessionUsers();
    await cache.get(1, 's1', 0, async () => ada);
    await cache.get(2, 's9', 0, async () => ({ ...ada, id: 2 }));
    cache.forgetUser(1);
    let checks = 0;
    expect(await cache.get(1, 's1', 0, async () => (checks++, null))).toBeNull();
    expect(await cache.get(2, 's9', 0, async () => (checks++, null))).toEqual({ ...ada, id: 2 });
    expect(checks).toBe(1);
    const overlapping = cache.get(3, 's3', 0, async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return { ...ada, id: 3 };
    });
    cache.forgetAll(); // e.g. the account was disabled while the check ran
    await overlapping;
    expect(await cache.get(3, 's3', 0, async () => null)).toBeNull();
  });
});
