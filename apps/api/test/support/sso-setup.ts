import { exportJWK, exportPKCS8, generateKeyPair } from 'jose';
import { startOidcTestProvider, type OidcTestProvider } from './oidc-test-provider.mjs';
import { SsoBrowser, freePort } from './sso-browser';
import { startTestApp, type TestApp } from './test-app';

export const SSO_CLIENT = { clientId: 'tdgen-test', clientSecret: 'tdgen-test-secret-0123456789abcdef' };

export interface SsoTestBed {
  t: TestApp;
  provider: OidcTestProvider;
  /** Signs in through the provider's login page; returns where TDGen sent the browser at the end. */
  signIn(browser: SsoBrowser, login: string, password: string, returnTo?: string): Promise<URL>;
  /** Runs the flow up to the provider's redirect back to TDGen, which it returns unrequested. */
  callbackUrl(browser: SsoBrowser, login: string, password: string): Promise<URL>;
  close(): Promise<void>;
}

const isCallback = (url: URL) => url.pathname === '/api/auth/oidc/callback';

/**
 * A real OpenID Provider and TDGen configured as its client, each on its own port. With
 * `isPrivateKeyJwt`, TDGen authenticates with a private-key JWT instead of the client secret.
 */
export async function startSsoTestBed(
  env: Record<string, string> = {},
  { isPrivateKeyJwt = false } = {},
): Promise<SsoTestBed> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const clientKey = isPrivateKeyJwt ? await generateKeyPair('RS256', { extractable: true }) : null;
  const provider = await startOidcTestProvider({
    client: {
      clientId: SSO_CLIENT.clientId,
      ...(clientKey
        ? { jwks: { keys: [{ ...(await exportJWK(clientKey.publicKey)), kid: 'tdgen-client-key', alg: 'RS256' }] } }
        : { clientSecret: SSO_CLIENT.clientSecret }),
      redirectUri: `${base}/api/auth/oidc/callback`,
      postLogoutRedirectUri: `${base}/login`,
      backchannelLogoutUri: `${base}/api/auth/oidc/backchannel-logout`,
    },
  });
  const t = await startTestApp(
    {
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: SSO_CLIENT.clientId,
      ...(clientKey
        ? {
            OIDC_CLIENT_PRIVATE_KEY: await exportPKCS8(clientKey.privateKey),
            OIDC_CLIENT_PRIVATE_KEY_ID: 'tdgen-client-key',
          }
        : { OIDC_CLIENT_SECRET: SSO_CLIENT.clientSecret }),
      OIDC_REDIRECT_URI: `${base}/api/auth/oidc/callback`,
      OIDC_SCOPES: 'openid profile email groups',
      OIDC_PROVIDER_NAME: 'Test Provider',
      OIDC_ADMIN_GROUPS: 'tdgen-admins',
      ...env,
    },
    { port },
  );

  async function toLoginPage(browser: SsoBrowser, returnTo?: string): Promise<URL> {
    const query = returnTo === undefined ? '' : `?returnTo=${encodeURIComponent(returnTo)}`;
    const { url, response } = await browser.follow(`${t.baseUrl}/api/auth/oidc/login${query}`);
    if (!url.pathname.startsWith('/interaction/') || response?.status !== 200) {
      throw new Error(
        `Expected the provider's login page, got ${response?.status} at ${url}: ${(await response?.text())?.slice(0, 800)}`,
      );
    }
    return url;
  }

  async function submitLogin(browser: SsoBrowser, page: URL, login: string, password: string, stopAtCallback: boolean) {
    return browser.follow(`${page.origin}${page.pathname}/login`, { form: { login, password } }, (next) =>
      stopAtCallback ? isCallback(next) : false,
    );
  }

  return {
    t,
    provider,
    async signIn(browser, login, password, returnTo) {
      const page = await toLoginPage(browser, returnTo);
      return (await submitLogin(browser, page, login, password, false)).url;
    },
    async callbackUrl(browser, login, password) {
      const page = await toLoginPage(browser);
      const { url } = await submitLogin(browser, page, login, password, true);
      if (!isCallback(url)) throw new Error(`Expected the redirect back to TDGen, stopped at ${url}`);
      return url;
    },
    async close() {
      await t.close();
      await provider.stop();
    },
  };
}
