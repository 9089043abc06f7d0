import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { PASSWORD, startTestApp, type TestApp, type TestUsername } from './support/test-app';
import { SseClient, signIn } from './support/sse-client';

/**
 * A password reset, disabling a user and changing their role end that user's existing sign-ins:
 * their tokens are refused (re-enabling does not revive them) and their open streams get
 * `session-expired`. Other users' sign-ins are untouched.
 */
describe('account changes end existing sign-ins', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function signedIn(username: TestUsername, tab: string) {
    const session = await signIn(t, username);
    const stream = await SseClient.connect(t.baseUrl, { cookie: session.cookie, clientId: tab });
    return { session, stream };
  }

  const me = (cookie: string) => request(t.baseUrl).get('/api/auth/me').set('Cookie', cookie);

  it.each([
    ['a password reset', { password: 'a-brand-new-password' }],
    ['a role change', { role: 'ADMIN' }],
    ['disabling', { disabled: true }],
  ])('%s refuses the old token and ends the open streams', async (_, change) => {
    const admin = await t.agent('admin');
    // Back to a known state: enabled editor with the test password.
    await admin
      .patch(`/api/users/${t.users.alice.id}`)
      .send({ disabled: false, role: 'EDITOR', password: PASSWORD })
      .expect(200);
    const alice = await signedIn('alice', `tab-a-${Date.now()}`);
    const bob = await signedIn('bob', `tab-b-${Date.now()}`);
    await me(alice.session.cookie).expect(200);

    await admin.patch(`/api/users/${t.users.alice.id}`).send(change).expect(200);

    await me(alice.session.cookie).expect(401);
    await alice.stream.waitFor((e) => e.type === 'session-expired', 'session-expired');
    await alice.stream.waitForEnd();
    // Bob's sign-in and stream are untouched.
    await me(bob.session.cookie).expect(200);
    expect(bob.stream.hasEnded).toBe(false);
    bob.stream.close();
  });

  it('does not revive old tokens when a disabled user is enabled again', async () => {
    const admin = await t.agent('admin');
    const bob = await signIn(t, 'bob');
    await admin.patch(`/api/users/${t.users.bob.id}`).send({ disabled: true }).expect(200);
    await me(bob.cookie).expect(401);
    await admin.patch(`/api/users/${t.users.bob.id}`).send({ disabled: false }).expect(200);
    await me(bob.cookie).expect(401);
    const again = await signIn(t, 'bob');
    await me(again.cookie).expect(200);
  });

  it('keeps sign-ins when only the display name changes', async () => {
    const admin = await t.agent('admin');
    const bob = await signIn(t, 'bob');
    await admin.patch(`/api/users/${t.users.bob.id}`).send({ displayName: 'Bob Renamed' }).expect(200);
    await me(bob.cookie).expect(200);
  });
});
