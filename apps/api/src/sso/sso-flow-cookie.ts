import { EncryptJWT, jwtDecrypt } from 'jose';
import { hkdfSync } from 'node:crypto';
import type { FlowChecks } from './oidc-client';

const SSO_FLOW_COOKIE_PREFIX = 'tdgen_sso_flow_';
/** How long the person may spend at the provider's login page. */
export const SSO_FLOW_LIFETIME_SECONDS = 600;
/** Flows in flight per browser; beyond that the abandoned ones are dropped. */
export const MAX_SSO_FLOWS = 5;
const STATE = /^[A-Za-z0-9_-]{16,128}$/;

/**
 * One cookie per flow, named after its `state`, so sign-ins started in two tabs at once both
 * finish. Null for a state that cannot be ours (and could not be a cookie name).
 */
export function ssoFlowCookieName(state: unknown): string | null {
  return typeof state === 'string' && STATE.test(state) ? SSO_FLOW_COOKIE_PREFIX + state : null;
}

export function isSsoFlowCookieName(name: string): boolean {
  return name.startsWith(SSO_FLOW_COOKIE_PREFIX);
}

export interface SsoFlow extends FlowChecks {
  returnTo: string;
}

/**
 * The state of one sign-in in flight (state, nonce, PKCE verifier, return path), kept in the
 * browser that started it, encrypted and authenticated (A256GCM) with a key derived from
 * JWT_SECRET: no server-side store, any instance can finish the flow, and the verifier stays
 * secret. Bound to the browser, so a code and state injected into another browser are refused.
 */
export class SsoFlowSealer {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = new Uint8Array(hkdfSync('sha256', secret, 'tdgen', 'tdgen sso flow cookie', 32));
  }

  seal(flow: SsoFlow): Promise<string> {
    return new EncryptJWT({ ...flow })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setIssuedAt()
      .setExpirationTime(`${SSO_FLOW_LIFETIME_SECONDS}s`)
      .encrypt(this.key);
  }

  /** The flow, or null when the cookie is missing, expired or was altered. */
  async open(sealed: string | undefined): Promise<SsoFlow | null> {
    if (!sealed) return null;
    try {
      const { payload } = await jwtDecrypt(sealed, this.key, { keyManagementAlgorithms: ['dir'] });
      const { state, nonce, codeVerifier, returnTo } = payload;
      if ([state, nonce, codeVerifier, returnTo].some((v) => typeof v !== 'string')) return null;
      return { state, nonce, codeVerifier, returnTo } as SsoFlow;
    } catch {
      return null;
    }
  }
}
