import { API_PREFIX, SSO_ROUTES } from '@tdgen/contracts';
import { ConfigError } from './config-error';

/** Single sign-on through one OpenID Connect provider (docs/sso.md). */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  /** client_secret_basic when set; otherwise `privateKey` signs a private_key_jwt assertion. */
  clientSecret: string | null;
  privateKey: { pem: string; alg: string; kid: string | null } | null;
  redirectUri: string;
  postLogoutRedirectUri: string;
  scopes: string;
  providerName: string;
  usernameClaim: string;
  groupsClaim: string;
  /** Members of any of these groups (values of `groupsClaim`) are ADMIN; everyone else EDITOR. */
  adminGroups: string[];
  idTokenAlg: string;
  clockToleranceSeconds: number;
}

type Env = Record<string, string | undefined>;

export const OIDC_CALLBACK_PATH = `/${API_PREFIX}/${SSO_ROUTES.base}/${SSO_ROUTES.callback}`;
const SIGNING_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function text(env: Env, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

/** An absolute https URL; plain http only on a loopback host (a provider running on this machine). */
function url(name: string, raw: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be an absolute URL, got "${raw}"`);
  }
  const isLoopbackHttp = parsed.protocol === 'http:' && LOOPBACK.has(parsed.hostname);
  if (parsed.protocol !== 'https:' && !isLoopbackHttp) {
    throw new ConfigError(`${name} must be an https:// URL (http:// only on localhost), got "${raw}"`);
  }
  return parsed;
}

function list(raw: string | null): string[] {
  return (raw ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}

/** Reads the OIDC_* variables: null when OIDC_ISSUER is unset (and no other OIDC_* variable is). */
export function loadOidcConfig(env: Env): OidcConfig | null {
  const issuer = text(env, 'OIDC_ISSUER');
  if (!issuer) {
    const stray = Object.keys(env).find((key) => key.startsWith('OIDC_') && text(env, key));
    if (stray)
      throw new ConfigError(`${stray} is set but OIDC_ISSUER is not; set OIDC_ISSUER to turn on single sign-on`);
    return null;
  }
  url('OIDC_ISSUER', issuer);
  const clientId = text(env, 'OIDC_CLIENT_ID');
  if (!clientId) throw new ConfigError('OIDC_CLIENT_ID is required with OIDC_ISSUER');
  const clientSecret = text(env, 'OIDC_CLIENT_SECRET');
  // Environment files cannot hold line breaks everywhere: "\n" in the PEM stands for one.
  const pem = text(env, 'OIDC_CLIENT_PRIVATE_KEY')?.replace(/\\n/g, '\n') ?? null;
  if (!clientSecret === !pem) {
    throw new ConfigError('Set exactly one of OIDC_CLIENT_SECRET and OIDC_CLIENT_PRIVATE_KEY (a PKCS#8 PEM)');
  }
  if (pem && !pem.includes('-----BEGIN PRIVATE KEY-----')) {
    throw new ConfigError('OIDC_CLIENT_PRIVATE_KEY must be a PKCS#8 PEM (-----BEGIN PRIVATE KEY-----)');
  }
  const keyAlg = text(env, 'OIDC_CLIENT_PRIVATE_KEY_ALG') ?? 'RS256';
  if (!SIGNING_ALGS.includes(keyAlg)) {
    throw new ConfigError(`OIDC_CLIENT_PRIVATE_KEY_ALG must be one of ${SIGNING_ALGS.join(', ')}, got "${keyAlg}"`);
  }
  const redirectRaw = text(env, 'OIDC_REDIRECT_URI');
  if (!redirectRaw)
    throw new ConfigError(`OIDC_REDIRECT_URI is required with OIDC_ISSUER (https://<host>${OIDC_CALLBACK_PATH})`);
  const redirect = url('OIDC_REDIRECT_URI', redirectRaw);
  if (redirect.pathname !== OIDC_CALLBACK_PATH || redirect.search || redirect.hash) {
    throw new ConfigError(`OIDC_REDIRECT_URI must end in ${OIDC_CALLBACK_PATH}, got "${redirectRaw}"`);
  }
  const postLogoutRaw = text(env, 'OIDC_POST_LOGOUT_REDIRECT_URI');
  const postLogout = postLogoutRaw ? url('OIDC_POST_LOGOUT_REDIRECT_URI', postLogoutRaw) : new URL('/login', redirect);
  const scopes = text(env, 'OIDC_SCOPES') ?? 'openid profile email';
  if (!scopes.split(/\s+/).includes('openid'))
    throw new ConfigError(`OIDC_SCOPES must include openid, got "${scopes}"`);
  const idTokenAlg = text(env, 'OIDC_ID_TOKEN_ALG') ?? 'RS256';
  if (!SIGNING_ALGS.includes(idTokenAlg)) {
    throw new ConfigError(`OIDC_ID_TOKEN_ALG must be one of ${SIGNING_ALGS.join(', ')}, got "${idTokenAlg}"`);
  }
  const toleranceRaw = text(env, 'OIDC_CLOCK_TOLERANCE_S') ?? '30';
  if (!/^\d+$/.test(toleranceRaw) || Number(toleranceRaw) > 300) {
    throw new ConfigError(`OIDC_CLOCK_TOLERANCE_S must be a whole number of seconds up to 300, got "${toleranceRaw}"`);
  }
  return {
    issuer,
    clientId,
    clientSecret,
    privateKey: pem ? { pem, alg: keyAlg, kid: text(env, 'OIDC_CLIENT_PRIVATE_KEY_ID') } : null,
    redirectUri: redirect.toString(),
    postLogoutRedirectUri: postLogout.toString(),
    scopes,
    providerName: text(env, 'OIDC_PROVIDER_NAME') ?? 'single sign-on',
    usernameClaim: text(env, 'OIDC_USERNAME_CLAIM') ?? 'preferred_username',
    groupsClaim: text(env, 'OIDC_GROUPS_CLAIM') ?? 'groups',
    adminGroups: list(text(env, 'OIDC_ADMIN_GROUPS')),
    idTokenAlg,
    clockToleranceSeconds: Number(toleranceRaw),
  };
}

/** LOCAL_LOGIN: the password form, on unless `false`; off is allowed only with single sign-on. */
export function loadLocalLogin(env: Env, oidc: OidcConfig | null): boolean {
  const raw = text(env, 'LOCAL_LOGIN')?.toLowerCase() ?? 'true';
  if (raw !== 'true' && raw !== 'false') throw new ConfigError(`LOCAL_LOGIN must be true or false, got "${raw}"`);
  if (raw === 'false' && !oidc) {
    throw new ConfigError('LOCAL_LOGIN=false needs single sign-on (OIDC_ISSUER …): nobody could sign in');
  }
  return raw === 'true';
}

/** The single sign-on settings, for code that exists only when single sign-on is configured. */
export function requiredOidcConfig(oidc: OidcConfig | null): OidcConfig {
  if (!oidc) throw new Error('Single sign-on is not configured (OIDC_ISSUER)');
  return oidc;
}
