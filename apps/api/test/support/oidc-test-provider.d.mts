import type { JWTPayload, KeyObject, CryptoKey } from 'jose';

export interface OidcTestUser {
  sub: string;
  password: string;
  name: string;
  groups: string[];
}

export const OIDC_TEST_USERS: Record<'carol' | 'dave' | 'erin', OidcTestUser>;

export interface OidcTestProvider {
  issuer: string;
  users: Record<string, OidcTestUser>;
  publicKey: CryptoKey | KeyObject;
  signWithProviderKey(claims: JWTPayload, header?: Record<string, unknown>): Promise<string>;
  setIdTokenTamper(fn: ((claims: JWTPayload) => JWTPayload) | null, options?: { signingKey?: CryptoKey }): void;
  stop(): Promise<void>;
}

export function startOidcTestProvider(options: {
  port?: number;
  client: {
    clientId: string;
    clientSecret?: string;
    /** Public keys of a client that authenticates with a private-key JWT (instead of a secret). */
    jwks?: { keys: Record<string, unknown>[] };
    redirectUri: string;
    postLogoutRedirectUri: string;
    backchannelLogoutUri: string;
  };
  users?: Record<string, OidcTestUser>;
}): Promise<OidcTestProvider>;
