import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPair, SignJWT } from 'jose';
import request from 'supertest';
import { StreamHub } from '../src/events/stream-hub';
import { SseClient } from './support/sse-client';
import { SsoBrowser } from './support/sso-browser';
import { SSO_CLIENT, startSsoTestBed, type SsoTestBed } from './support/sso-setup';
import { PASSWORD } from './support/test-app';
import { waitUntil } from './support/wait-until';
import { expectApiError } from './support/api-errors';

const BACKCHANNEL_EVENT = { 'http://schemas.openid.net/event/backchannel-logout': {} };

describe('single sign-on with OpenID Connect against a real provider', () => {
  let bed: SsoTestBed;
  beforeAll(async () => {
    bed = await startSsoTestBed();
  });
  afterAll(() => bed.close());

  const session = (browser: SsoBrowser) => browser.cookie(bed.t.baseUrl, 'tdgen_session');
  const asUser = (browser: SsoBrowser) => ({
    get: (path: string) =>
      request(bed.t.baseUrl)
        .get(path)
        .set('Cookie', `tdgen_session=${session(browser)}`),
    post: (path: string) =>
      request(bed.t.baseUrl)
        .post(path)
        .set('Cookie', `tdgen_session=${session(browser)}`),
  });
  const userRow = async (username: string) =>
    (await bed.t.db.query('SELECT * FROM users WHERE username = $1', [username])).rows[0];
  const expectRefused = (landing: URL, failure: string, browser: SsoBrowser) => {
    expect(landing.pathname).toBe('/login');
    expect(landing.searchParams.get('sso')).toBe(failure);
    expect(session(browser)).toBeUndefined();
  };

  it('signs a new person in through the provider, creates the account linked by sub and returns to the deep link', async () => {
    const browser = new SsoBrowser();
    const landing = await bed.signIn(browser, 'carol', 'carol-sso-pass', '/job-descriptions/7?tab=tasks#x');
    expect(landing.origin + landing.pathname + landing.search + landing.hash).toBe(
      `${bed.t.baseUrl}/job-descriptions/7?tab=tasks#x`,
    );
    const me = await asUser(browser).get('/api/auth/me').expect(200);
    expect(me.body).toMatchObject({ username: 'carol', displayName: 'Carol Single', role: 'EDITOR' });
    const row = await userRow('carol');
    expect(row).toMatchObject({
      oidc_issuer: bed.provider.issuer,
      oidc_subject: 'sub-carol-0001',
      password_hash: null,
    });
    // The same session as a password sign-in: the session JWT carries a sid kept for logout.
    const [, payload] = session(browser)!.split('.');
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toMatchObject({
      sub: row.id,
      sid: expect.any(String),
    });
    // An SSO account has no password to guess.
    await request(bed.t.baseUrl).post('/api/auth/login').send({ username: 'carol', password: '' }).expect(400);
    await request(bed.t.baseUrl)
      .post('/api/auth/login')
      .send({ username: 'carol', password: 'carol-sso-pass' })
      .expect(401);
    // A second sign-in finds the same account.
    const again = new SsoBrowser();
    await bed.signIn(again, 'carol', 'carol-sso-pass');
    expect((await asUser(again).get('/api/auth/me').expect(200)).body.id).toBe(row.id);
    expect((await bed.t.db.query("SELECT count(*)::int AS n FROM users WHERE username = 'carol'")).rows[0].n).toBe(1);
  });

  it('sets the same cookie as a password sign-in (httpOnly, SameSite=Strict, same lifetime)', async () => {
    const browser = new SsoBrowser();
    const page = await browser.follow(`${bed.t.baseUrl}/api/auth/oidc/login`);
    const callback = await browser.follow(
      `${page.url.origin}${page.url.pathname}/login`,
      { form: { login: 'carol', password: 'carol-sso-pass' } },
      (next) => next.pathname === '/api/auth/oidc/callback',
    );
    const res = await browser.request(callback.url.toString());
    expect(res.status).toBe(303);
    const ssoCookie = res.headers.getSetCookie().find((c) => c.startsWith('tdgen_session='))!;
    const local = await request(bed.t.baseUrl).post('/api/auth/login').send({ username: 'alice', password: PASSWORD });
    const localCookie = ([] as string[])
      .concat(local.headers['set-cookie'])
      .find((c) => c.startsWith('tdgen_session='))!;
    const attributes = (c: string) =>
      c
        .split(';')
        .slice(1)
        .map((a) => a.trim())
        .filter((a) => !a.startsWith('Expires='));
    expect(attributes(ssoCookie)).toEqual(attributes(localCookie));
    expect(attributes(ssoCookie)).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Max-Age=43200']));
  });

  it('maps the admin group to ADMIN and re-evaluates the role at every sign-in', async () => {
    const first = new SsoBrowser();
    await bed.signIn(first, 'dave', 'dave-sso-pass');
    expect((await asUser(first).get('/api/auth/me').expect(200)).body.role).toBe('ADMIN');
    await asUser(first).get('/api/users').expect(200);

    bed.provider.users['dave'].groups = ['staff'];
    const second = new SsoBrowser();
    await bed.signIn(second, 'dave', 'dave-sso-pass');
    expect((await asUser(second).get('/api/auth/me').expect(200)).body.role).toBe('EDITOR');
    await asUser(second).get('/api/users').expect(403);
    // A changed role ends the account's other sign-ins, as a role change in the admin screen does.
    await asUser(first).get('/api/auth/me').expect(401);
    bed.provider.users['dave'].groups = ['staff', 'tdgen-admins'];
  });

  it('refuses a person whose TDGen account is disabled', async () => {
    const browser = new SsoBrowser();
    await bed.signIn(browser, 'erin', 'erin-sso-pass');
    const erin = await userRow('erin');
    const admin = await bed.t.agent('admin');
    await admin.patch(`/api/users/${erin.id}`).send({ disabled: true }).expect(200);
    await asUser(browser).get('/api/auth/me').expect(401);

    const again = new SsoBrowser();
    expectRefused(await bed.signIn(again, 'erin', 'erin-sso-pass'), 'disabled', again);
    await admin.patch(`/api/users/${erin.id}`).send({ disabled: false }).expect(200);
  });

  it('never links a provider identity to a local account by its name', async () => {
    bed.provider.users['alice'] = {
      sub: 'sub-mallory-as-alice',
      password: 'not-alice',
      name: 'Not Alice',
      groups: ['tdgen-admins'],
    };
    const browser = new SsoBrowser();
    expectRefused(await bed.signIn(browser, 'alice', 'not-alice'), 'conflict', browser);
    const alice = await userRow('alice');
    expect(alice).toMatchObject({ oidc_subject: null, role: 'EDITOR', display_name: 'Alice Editor' });
    delete bed.provider.users['alice'];
  });

  it('refuses a callback whose state was tampered with', async () => {
    const browser = new SsoBrowser();
    const callback = await bed.callbackUrl(browser, 'carol', 'carol-sso-pass');
    callback.searchParams.set('state', `${callback.searchParams.get('state')}x`);
    const { url } = await browser.follow(callback.toString());
    expectRefused(url, 'failed', browser);
  });

  it('refuses a code replayed in another browser (the flow belongs to the browser that started it)', async () => {
    const victim = new SsoBrowser();
    const callback = await bed.callbackUrl(victim, 'carol', 'carol-sso-pass');
    const attacker = new SsoBrowser();
    await attacker.follow(`${bed.t.baseUrl}/api/auth/oidc/login`);
    const { url } = await attacker.follow(callback.toString());
    expectRefused(url, 'failed', attacker);
  });

  it('finishes sign-ins started in two tabs of one browser at once', async () => {
    const browser = new SsoBrowser();
    const toPage = async (returnTo: string) =>
      (await browser.follow(`${bed.t.baseUrl}/api/auth/oidc/login?returnTo=${encodeURIComponent(returnTo)}`)).url;
    const [first, second] = [await toPage('/tasks'), await toPage('/descriptions')];
    const submit = (page: URL) =>
      browser.follow(`${page.origin}${page.pathname}/login`, { form: { login: 'carol', password: 'carol-sso-pass' } });
    expect((await submit(second)).url.pathname).toBe('/descriptions');
    expect((await submit(first)).url.pathname).toBe('/tasks');
    await asUser(browser).get('/api/auth/me').expect(200);
  });

  it('drops a pile of abandoned flows instead of growing the cookie header', async () => {
    const browser = new SsoBrowser();
    for (let i = 0; i < 12; i++) await browser.request(`${bed.t.baseUrl}/api/auth/oidc/login`);
    expect(
      browser.cookieNames(bed.t.baseUrl).filter((n) => n.startsWith('tdgen_sso_flow_')).length,
    ).toBeLessThanOrEqual(5);
  });

  it('returns a cancelled sign-in to the login page as cancelled', async () => {
    const browser = new SsoBrowser();
    const { url: page } = await browser.follow(`${bed.t.baseUrl}/api/auth/oidc/login?returnTo=%2Fjob-tasks`);
    const { url } = await browser.follow(`${page.origin}${page.pathname}/abort`, { form: {} });
    expectRefused(url, 'cancelled', browser);
    expect(url.searchParams.get('returnUrl')).toBe('/job-tasks');
  });

  it('sends an off-site return path to the start page instead (no open redirect)', async () => {
    for (const returnTo of ['https://evil.example/', '//evil.example/x', '/\\evil.example']) {
      const browser = new SsoBrowser();
      const landing = await bed.signIn(browser, 'carol', 'carol-sso-pass', returnTo);
      expect(landing.toString()).toBe(`${bed.t.baseUrl}/`);
    }
  });

  describe('ID tokens a misbehaving provider or an attacker could send (signed with the provider key)', () => {
    afterAll(() => bed.provider.setIdTokenTamper(null));
    const now = () => Math.floor(Date.now() / 1000);

    it.each([
      ['a wrong nonce', { nonce: 'not-the-nonce-of-this-flow' }],
      ['another issuer', { iss: 'http://localhost:1/other-issuer' }],
      ['another audience', { aud: 'another-client' }],
      ['an expiry in the past beyond the clock tolerance', { exp: now() - 120, iat: now() - 600 }],
      ['an issue time in the future beyond the clock tolerance', { iat: now() + 600, exp: now() + 1200 }],
    ])('refuses an ID token with %s', async (_what, override) => {
      bed.provider.setIdTokenTamper((claims) => ({ ...claims, ...override }));
      const browser = new SsoBrowser();
      expectRefused(await bed.signIn(browser, 'carol', 'carol-sso-pass'), 'failed', browser);
    });

    it('tolerates a clock skew within the bound (expired 10 s ago)', async () => {
      bed.provider.setIdTokenTamper((claims) => ({ ...claims, iat: now() - 300, exp: now() - 10 }));
      const browser = new SsoBrowser();
      const landing = await bed.signIn(browser, 'carol', 'carol-sso-pass');
      expect(landing.pathname).toBe('/');
      await asUser(browser).get('/api/auth/me').expect(200);
    });

    it('refuses an ID token signed with another key', async () => {
      const { privateKey } = await generateKeyPair('RS256');
      bed.provider.setIdTokenTamper((claims) => claims, { signingKey: privateKey });
      const browser = new SsoBrowser();
      expectRefused(await bed.signIn(browser, 'carol', 'carol-sso-pass'), 'failed', browser);
    });
  });

  it("logs out of TDGen and hands back the provider's end-session URL (RP-initiated logout)", async () => {
    const browser = new SsoBrowser();
    await bed.signIn(browser, 'carol', 'carol-sso-pass');
    const res = await asUser(browser).post('/api/auth/oidc/logout').expect(200);
    const endSession = new URL(res.body.endSessionUrl);
    expect(endSession.origin).toBe(bed.provider.issuer);
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${bed.t.baseUrl}/login`);
    expect(endSession.searchParams.get('id_token_hint')).toEqual(expect.stringMatching(/^ey/));
    await asUser(browser).get('/api/auth/me').expect(401);

    // At the provider: confirm, and the browser ends on TDGen's login page, signed out there too.
    const { response } = await browser.follow(endSession.toString());
    const form = await response!.text();
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(form)![1];
    const action = /action="([^"]+)"/.exec(form)![1];
    const { url } = await browser.follow(new URL(action, bed.provider.issuer).toString(), {
      form: { xsrf, logout: 'yes' },
    });
    expect(url.toString()).toBe(`${bed.t.baseUrl}/login`);
    const { url: loginAgain } = await browser.follow(`${bed.t.baseUrl}/api/auth/oidc/login`);
    expect(loginAgain.pathname).toMatch(/^\/interaction\//); // asks for credentials again
  });

  it('answers a local sign-in logout with no end-session URL', async () => {
    const alice = await bed.t.agent('alice');
    expect((await alice.post('/api/auth/oidc/logout').expect(200)).body).toEqual({ endSessionUrl: null });
    await alice.get('/api/auth/me').expect(401);
  });

  describe('back-channel logout', () => {
    const events = () => bed.t.app.get(StreamHub);

    it("ends the provider session's TDGen sign-in and its streams when the provider logs out, and no other", async () => {
      const ended = new SsoBrowser();
      const other = new SsoBrowser();
      await bed.signIn(ended, 'carol', 'carol-sso-pass');
      await bed.signIn(other, 'carol', 'carol-sso-pass');
      const stream = await SseClient.connect(bed.t.baseUrl, {
        cookie: `tdgen_session=${session(ended)}`,
        clientId: 'tab-bc-1',
      });

      // The person signs out at the provider itself (another application's logout, say).
      const { response } = await ended.follow(`${bed.provider.issuer}/session/end?client_id=${SSO_CLIENT.clientId}`);
      const form = await response!.text();
      const xsrf = /name="xsrf" value="([^"]+)"/.exec(form)![1];
      const action = /action="([^"]+)"/.exec(form)![1];
      await ended.follow(new URL(action, bed.provider.issuer).toString(), { form: { xsrf, logout: 'yes' } });

      expect(await stream.waitFor((e) => e.type === 'session-expired', 'session-expired')).toBeTruthy();
      await stream.waitForEnd();
      await asUser(ended).get('/api/auth/me').expect(401);
      await asUser(other).get('/api/auth/me').expect(200);
      await waitUntil(() => events().listConnections().length === 0, 'the stream to be removed');
    });

    it('ends every sign-in of the subject for a token that names only sub', async () => {
      const [a, b] = [new SsoBrowser(), new SsoBrowser()];
      await bed.signIn(a, 'erin', 'erin-sso-pass');
      await bed.signIn(b, 'erin', 'erin-sso-pass');
      const token = await bed.provider.signWithProviderKey(
        {
          iss: bed.provider.issuer,
          aud: SSO_CLIENT.clientId,
          sub: 'sub-erin-0003',
          events: BACKCHANNEL_EVENT,
          jti: 'j1',
        },
        { typ: 'logout+jwt' },
      );
      await request(bed.t.baseUrl)
        .post('/api/auth/oidc/backchannel-logout')
        .type('form')
        .send({ logout_token: await withIat(token) })
        .expect(200);
      await asUser(a).get('/api/auth/me').expect(401);
      await asUser(b).get('/api/auth/me').expect(401);
    });

    const base = () => ({
      iss: bed.provider.issuer,
      aud: SSO_CLIENT.clientId,
      sub: 'sub-carol-0001',
      events: BACKCHANNEL_EVENT,
    });
    it.each([
      ['another audience', () => ({ ...base(), aud: 'another-client' })],
      ['another issuer', () => ({ ...base(), iss: 'http://localhost:1/other' })],
      ['no logout event', () => ({ ...base(), events: {} })],
      ['a nonce (an ID token passed off as a logout token)', () => ({ ...base(), nonce: 'n' })],
      [
        'neither sid nor sub',
        () => ({ iss: bed.provider.issuer, aud: SSO_CLIENT.clientId, events: BACKCHANNEL_EVENT }),
      ],
    ])('refuses a logout token with %s and ends nothing', async (_what, claims) => {
      const browser = new SsoBrowser();
      await bed.signIn(browser, 'carol', 'carol-sso-pass');
      const token = await withIat(await bed.provider.signWithProviderKey(claims()));
      await request(bed.t.baseUrl)
        .post('/api/auth/oidc/backchannel-logout')
        .type('form')
        .send({ logout_token: token })
        .expect(400);
      await asUser(browser).get('/api/auth/me').expect(200);
    });

    it('refuses a logout token signed with another key', async () => {
      const browser = new SsoBrowser();
      await bed.signIn(browser, 'carol', 'carol-sso-pass');
      const { privateKey } = await generateKeyPair('RS256');
      const token = await new SignJWT(base())
        .setProtectedHeader({ alg: 'RS256', kid: 'tdgen-test-key' })
        .setIssuedAt()
        .sign(privateKey);
      const refused = await request(bed.t.baseUrl)
        .post('/api/auth/oidc/backchannel-logout')
        .type('form')
        .send({ logout_token: token })
        .expect(400);
      expectApiError(refused, 'LOGOUT_TOKEN_INVALID');
      await request(bed.t.baseUrl)
        .post('/api/auth/oidc/backchannel-logout')
        .type('form')
        .send({ logout_token: 'nope' })
        .expect(400);
      await asUser(browser).get('/api/auth/me').expect(200);
    });

    /** Re-signs with an iat of now (signWithProviderKey signs the claims as given). */
    async function withIat(token: string): Promise<string> {
      const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
      return bed.provider.signWithProviderKey({ ...claims, iat: Math.floor(Date.now() / 1000) });
    }
  });

  it('tells the browser how people sign in here', async () => {
    const res = await request(bed.t.baseUrl).get('/api/config').expect(200);
    expect(res.body.signIn).toEqual({ isLocalLoginEnabled: true, sso: { providerName: 'Test Provider' } });
  });
});

describe('single sign-on only (LOCAL_LOGIN=false)', () => {
  let bed: SsoTestBed;
  beforeAll(async () => {
    bed = await startSsoTestBed({ LOCAL_LOGIN: 'false' });
  });
  afterAll(() => bed.close());

  it('turns the password sign-in off and keeps single sign-on', async () => {
    const res = await request(bed.t.baseUrl)
      .post('/api/auth/login')
      .send({ username: 'alice', password: PASSWORD })
      .expect(403);
    expectApiError(res, 'PASSWORD_LOGIN_DISABLED');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect((await request(bed.t.baseUrl).get('/api/config').expect(200)).body.signIn).toEqual({
      isLocalLoginEnabled: false,
      sso: { providerName: 'Test Provider' },
    });
    const browser = new SsoBrowser();
    await bed.signIn(browser, 'carol', 'carol-sso-pass');
    expect(browser.cookie(bed.t.baseUrl, 'tdgen_session')).toBeDefined();
  });
});

describe('single sign-on with a private-key JWT as client authentication', () => {
  let bed: SsoTestBed;
  beforeAll(async () => {
    bed = await startSsoTestBed({}, { isPrivateKeyJwt: true });
  });
  afterAll(() => bed.close());

  it('redeems the code with a signed client assertion instead of a secret', async () => {
    const browser = new SsoBrowser();
    const landing = await bed.signIn(browser, 'dave', 'dave-sso-pass', '/tasks');
    expect(landing.pathname).toBe('/tasks');
    const me = await request(bed.t.baseUrl)
      .get('/api/auth/me')
      .set('Cookie', `tdgen_session=${browser.cookie(bed.t.baseUrl, 'tdgen_session')}`)
      .expect(200);
    expect(me.body).toMatchObject({ username: 'dave', role: 'ADMIN' });
  });
});

describe('single sign-on accepts only the configured ID token algorithm', () => {
  let bed: SsoTestBed;
  beforeAll(async () => {
    // The provider signs with RS256; TDGen is told to accept PS256 only.
    bed = await startSsoTestBed({ OIDC_ID_TOKEN_ALG: 'PS256' });
  });
  afterAll(() => bed.close());

  it('refuses an ID token signed with another algorithm', async () => {
    const browser = new SsoBrowser();
    const landing = await bed.signIn(browser, 'carol', 'carol-sso-pass');
    expect(landing.pathname).toBe('/login');
    expect(landing.searchParams.get('sso')).toBe('failed');
    expect(browser.cookie(bed.t.baseUrl, 'tdgen_session')).toBeUndefined();
  });
});
