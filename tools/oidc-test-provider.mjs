// A real OpenID Provider for the tests and the end-to-end server: the certified `oidc-provider`
// package with test users, groups, its own login page, RP-initiated and back-channel logout. The
// tests also use its signing key to forge tokens a misbehaving provider could send.
import { SignJWT, decodeJwt, exportJWK, generateKeyPair } from 'jose';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

/** Test accounts: login name → claims and password. Groups may be changed while running. */
export const OIDC_TEST_USERS = {
  carol: { sub: 'sub-carol-0001', password: 'carol-sso-pass', name: 'Carol Single', groups: ['staff'] },
  dave: { sub: 'sub-dave-0002', password: 'dave-sso-pass', name: 'Dave Admin', groups: ['staff', 'tdgen-admins'] },
  erin: { sub: 'sub-erin-0003', password: 'erin-sso-pass', name: 'Erin Editor', groups: [] },
};

const KEY_ID = 'tdgen-test-key';
const CLIENT_JWKS_PATH = '/test-client-jwks.json';

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function loginPage(uid, clientName, message) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test provider sign-in</title></head>
<body><h1>Test provider</h1><p>Sign in to continue to ${escapeHtml(clientName)}</p>
${message ? `<p role="alert">${escapeHtml(message)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login" autocomplete="off">
<label>Username <input name="login" required></label>
<label>Password <input name="password" type="password" required></label>
<button type="submit">Sign in</button></form>
<form method="post" action="/interaction/${escapeHtml(uid)}/abort"><button type="submit">Cancel</button></form>
</body></html>`;
}

// The provider's own "sign out?" page; `form` is its form with the xsrf token, opened here.
async function logoutSource(ctx, form) {
  ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign out</title></head>
<body><h1>Sign out of the test provider?</h1>${form}<button form="op.logoutForm" name="logout" value="yes">Sign out</button></body></html>`;
}

async function postLogoutSuccessSource(ctx) {
  ctx.body =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signed out</title></head><body>Signed out</body></html>';
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

/**
 * Starts the provider on `port` (0 = any) at http://localhost:<port>. `client` is the relying
 * party: { clientId, clientSecret or jwks (public keys for private_key_jwt), redirectUri,
 * postLogoutRedirectUri, backchannelLogoutUri }.
 */
export async function startOidcTestProvider({ port = 0, client, users = structuredClone(OIDC_TEST_USERS) }) {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const signingJwk = { ...(await exportJWK(privateKey)), kid: KEY_ID, alg: 'RS256', use: 'sig' };
  const server = createServer();
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const issuer = `http://localhost:${server.address().port}`;
  /** Lets a test rewrite the claims of the next ID tokens, as a misbehaving provider would. */
  let idTokenTamper = null;
  let tamperKey = null;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: client.clientId,
        // A client with `jwks` authenticates with a private-key JWT, else with its secret.
        ...(client.jwks
          ? {
              // Served by this server rather than inlined: oidc-provider clones its configuration with
              // structuredClone, whose objects fail its plain-object check of inline keys under Jest.
              jwks_uri: `${issuer}${CLIENT_JWKS_PATH}`,
              token_endpoint_auth_method: 'private_key_jwt',
              token_endpoint_auth_signing_alg: 'RS256',
            }
          : { client_secret: client.clientSecret, token_endpoint_auth_method: 'client_secret_basic' }),
        redirect_uris: [client.redirectUri],
        post_logout_redirect_uris: [client.postLogoutRedirectUri],
        backchannel_logout_uri: client.backchannelLogoutUri,
        backchannel_logout_session_required: true,
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [signingJwk] },
    cookies: { keys: ['tdgen-test-provider-cookie-key'] },
    pkce: { required: () => true },
    scopes: ['openid', 'profile', 'email', 'groups', 'offline_access'],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email'], groups: ['groups'] },
    features: {
      devInteractions: { enabled: false },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
    },
    ttl: { Interaction: 600, Grant: 3600, Session: 3600, AccessToken: 600, IdToken: 600 },
    async findAccount(_ctx, sub) {
      // Looked up at each use, so a test may change a user's groups between sign-ins.
      const [login, user] = Object.entries(users).find(([, u]) => u.sub === sub) ?? [];
      if (!user) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          preferred_username: login,
          name: user.name,
          email: `${login}@example.test`,
          groups: user.groups,
        }),
      };
    },
    // TDGen is a first-party client: its scopes are granted without a consent screen.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid profile email groups');
      await grant.save();
      return grant;
    },
  });

  provider.use(async (ctx, next) => {
    await next();
    if (idTokenTamper && ctx.path === '/token' && ctx.body?.id_token) {
      const claims = idTokenTamper(decodeJwt(ctx.body.id_token));
      const header = { alg: 'RS256', kid: KEY_ID };
      ctx.body = {
        ...ctx.body,
        id_token: await new SignJWT(claims).setProtectedHeader(header).sign(tamperKey ?? privateKey),
      };
    }
  });

  async function signWithProviderKey(claims, header = {}) {
    return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: KEY_ID, ...header }).sign(privateKey);
  }

  const callback = provider.callback();
  server.on('request', async (req, res) => {
    if (req.url === CLIENT_JWKS_PATH && client.jwks) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(client.jwks));
    }
    const match = /^\/interaction\/([\w-]+)(\/login|\/abort)?$/.exec(req.url.split('?')[0]);
    if (!match) return callback(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      const [, uid, action] = match;
      if (!action) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(loginPage(uid, details.params.client_id, ''));
      }
      if (action === '/abort') {
        const result = { error: 'access_denied', error_description: 'The user cancelled the sign-in' };
        return await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
      }
      const form = await readForm(req);
      const user = users[form.get('login') ?? ''];
      if (!user || user.password !== form.get('password')) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(loginPage(uid, details.params.client_id, 'Wrong username or password'));
      }
      return await provider.interactionFinished(
        req,
        res,
        { login: { accountId: user.sub } },
        { mergeWithLastSubmission: false },
      );
    } catch (err) {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(`Interaction failed: ${err.message}`);
    }
  });

  return {
    issuer,
    users,
    publicKey,
    signWithProviderKey,
    /** `signingKey`: sign the rewritten token with another key than the provider's. */
    setIdTokenTamper(fn, { signingKey = null } = {}) {
      idTokenTamper = fn;
      tamperKey = signingKey;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
