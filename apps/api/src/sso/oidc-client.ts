import { Injectable } from '@nestjs/common';
import { createRemoteJWKSet, importPKCS8, jwtVerify } from 'jose';
import * as client from 'openid-client';
import { ConfigService } from '../config/config.service';
import { requiredOidcConfig, type OidcConfig } from '../config/oidc-config';

export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/** What the authorization response, once verified, tells about the person. */
export interface VerifiedSignIn {
  /** ID token claims, with the UserInfo claims beneath them (the signed ID token wins). */
  claims: Record<string, unknown> & { sub: string; iss: string };
  idToken: string;
}

export interface FlowChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/**
 * The relying-party side of OpenID Connect, through openid-client (a certified implementation):
 * discovery, the authorization-code flow with PKCE, state and nonce, ID token validation (issuer,
 * audience, expiry with a bounded clock tolerance, signature with the one configured algorithm),
 * UserInfo, RP-initiated logout URLs and logout token validation. Discovery happens on first use
 * and is retried after a failure, so the server starts while the provider is down.
 */
@Injectable()
export class OidcClient {
  private readonly settings: OidcConfig;
  private configuration: Promise<client.Configuration> | null = null;
  private jwks: ReturnType<typeof createRemoteJWKSet> | null = null;

  constructor(config: ConfigService) {
    this.settings = requiredOidcConfig(config.get('oidc'));
  }

  async authorizationUrl(checks: FlowChecks): Promise<URL> {
    const configuration = await this.discover();
    return client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.settings.redirectUri,
      scope: this.settings.scopes,
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
    });
  }

  /** Redeems the code of the callback URL; throws when any check fails. */
  async completeSignIn(callbackUrl: URL, checks: FlowChecks): Promise<VerifiedSignIn> {
    const configuration = await this.discover();
    const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    const idTokenClaims = tokens.claims();
    if (!idTokenClaims || !tokens.id_token) throw new Error('The token response carries no ID token');
    // openid-client checks exp and nbf; an ID token issued in the future is refused here too.
    if (idTokenClaims.iat > Date.now() / 1000 + this.settings.clockToleranceSeconds) {
      throw new Error('The ID token was issued in the future (iat beyond the clock tolerance)');
    }
    let userInfo: Record<string, unknown> = {};
    if (configuration.serverMetadata().userinfo_endpoint) {
      // Claims such as groups often come only from UserInfo; its `sub` must be the ID token's.
      userInfo = await client.fetchUserInfo(configuration, tokens.access_token, idTokenClaims.sub);
    }
    return {
      claims: { ...userInfo, ...idTokenClaims } as VerifiedSignIn['claims'],
      idToken: tokens.id_token,
    };
  }

  /** The provider's end-session URL for RP-initiated logout, or null when it advertises none. */
  async endSessionUrl(idToken: string | null): Promise<string | null> {
    const configuration = await this.discover();
    if (!configuration.serverMetadata().end_session_endpoint) return null;
    return client
      .buildEndSessionUrl(configuration, {
        post_logout_redirect_uri: this.settings.postLogoutRedirectUri,
        ...(idToken ? { id_token_hint: idToken } : {}),
      })
      .toString();
  }

  /**
   * Validates a back-channel logout token (OpenID Connect Back-Channel Logout 1.0, section 2.6):
   * signature by the provider's keys with the configured algorithm, issuer, audience, iat, the
   * logout event, a `sid` or `sub`, and no `nonce` (so an ID token cannot pass for one).
   */
  async verifyLogoutToken(token: string): Promise<{ iss: string; sid?: string; sub?: string }> {
    const configuration = await this.discover();
    const metadata = configuration.serverMetadata();
    if (!metadata.jwks_uri) throw new Error('The provider publishes no jwks_uri');
    this.jwks ??= createRemoteJWKSet(new URL(metadata.jwks_uri));
    const { payload } = await jwtVerify(token, this.jwks, {
      issuer: metadata.issuer,
      audience: this.settings.clientId,
      algorithms: [this.settings.idTokenAlg],
      clockTolerance: this.settings.clockToleranceSeconds,
      requiredClaims: ['iat'],
      maxTokenAge: '10 minutes',
    });
    const events = payload['events'];
    if (
      !events ||
      typeof events !== 'object' ||
      typeof (events as Record<string, unknown>)[BACKCHANNEL_LOGOUT_EVENT] !== 'object'
    ) {
      throw new Error('The logout token has no back-channel logout event');
    }
    if ('nonce' in payload) throw new Error('A logout token must not carry a nonce');
    const sid = typeof payload['sid'] === 'string' ? payload['sid'] : undefined;
    if (!sid && !payload.sub) throw new Error('The logout token names neither a session (sid) nor a subject (sub)');
    return { iss: metadata.issuer, sid, sub: payload.sub };
  }

  get issuer(): string {
    return this.settings.issuer;
  }

  private discover(): Promise<client.Configuration> {
    this.configuration ??= this.runDiscovery().catch((err: unknown) => {
      this.configuration = null;
      throw err;
    });
    return this.configuration;
  }

  private async runDiscovery(): Promise<client.Configuration> {
    const { issuer, clientId, clientSecret, privateKey, idTokenAlg, clockToleranceSeconds } = this.settings;
    const auth = privateKey
      ? client.PrivateKeyJwt({
          key: await importPKCS8(privateKey.pem, privateKey.alg),
          kid: privateKey.kid ?? undefined,
        })
      : client.ClientSecretBasic(clientSecret ?? undefined);
    return client.discovery(
      new URL(issuer),
      clientId,
      { id_token_signed_response_alg: idTokenAlg, [client.clockTolerance]: clockToleranceSeconds },
      auth,
      {
        // The ID token's signature is checked too (openid-client trusts the TLS channel of the token
        // endpoint by default). Plain http is accepted by the configuration only on localhost.
        execute: [
          client.enableNonRepudiationChecks,
          ...(new URL(issuer).protocol === 'http:' ? [client.allowInsecureRequests] : []),
        ],
        timeout: 10,
      },
    );
  }
}
