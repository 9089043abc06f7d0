import { Injectable, Logger } from '@nestjs/common';
import * as client from 'openid-client';
import { ApiException } from '../common/api-exception';
import { AuthService } from '../auth/auth.service';
import { ConfigService } from '../config/config.service';
import { requiredOidcConfig } from '../config/oidc-config';
import type { AuthenticatedUser } from '../decorators/authenticated-user';
import { OidcClient } from './oidc-client';
import { safeReturnPath } from './return-path';
import { SsoAccounts } from './sso-accounts';
import { SsoFlowSealer, type SsoFlow } from './sso-flow-cookie';
import { SsoLoginError } from './sso-login-error';
import { SsoSignIns } from './sso-sign-ins';

/**
 * Single sign-on through the OpenID Connect provider. A successful sign-in ends in the same
 * session as a password sign-in (AuthService.issueSession: same cookie, lifetime, `sid` and
 * revocation), so locks, streams, presence and logout do not know the difference.
 */
@Injectable()
export class SsoService {
  private readonly logger = new Logger(SsoService.name);
  private readonly sealer: SsoFlowSealer;

  constructor(
    private readonly oidc: OidcClient,
    private readonly accounts: SsoAccounts,
    private readonly signIns: SsoSignIns,
    private readonly auth: AuthService,
    private readonly config: ConfigService,
  ) {
    this.sealer = new SsoFlowSealer(config.get('jwtSecret'));
  }

  /** Where to send the browser, and the sealed flow for its cookie. */
  async startLogin(returnTo: unknown): Promise<{ authorizationUrl: string; state: string; sealedFlow: string }> {
    const flow: SsoFlow = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
      returnTo: safeReturnPath(returnTo),
    };
    let authorizationUrl: URL;
    try {
      authorizationUrl = await this.oidc.authorizationUrl(flow);
    } catch (err) {
      throw new SsoLoginError('unavailable', `discovery at ${this.oidc.issuer} failed: ${describe(err)}`);
    }
    return {
      authorizationUrl: authorizationUrl.toString(),
      state: flow.state,
      sealedFlow: await this.sealer.seal(flow),
    };
  }

  /** The return path of the flow in the cookie, for sending the browser back after a failure. */
  async returnPathOf(sealedFlow: string | undefined): Promise<string> {
    return (await this.sealer.open(sealedFlow))?.returnTo ?? '/';
  }

  /**
   * Finishes the sign-in from the provider's redirect. The query is that of the request; the rest
   * of the URL is the configured redirect URI (the one the code was issued for).
   */
  async finishLogin(query: string, sealedFlow: string | undefined): Promise<{ token: string; returnTo: string }> {
    const flow = await this.sealer.open(sealedFlow);
    if (!flow)
      throw new SsoLoginError(
        'failed',
        'no sign-in in progress in this browser (flow cookie missing, expired or altered)',
      );
    const callbackUrl = new URL(requiredOidcConfig(this.config.get('oidc')).redirectUri);
    callbackUrl.search = query;
    let verified;
    try {
      verified = await this.oidc.completeSignIn(callbackUrl, flow);
    } catch (err) {
      const isCancelled = err instanceof client.AuthorizationResponseError && err.error === 'access_denied';
      throw new SsoLoginError(isCancelled ? 'cancelled' : 'failed', `sign-in response refused: ${describe(err)}`);
    }
    const { claims, idToken } = verified;
    const { user, sessionEpoch } = await this.accounts.signIn(claims.iss, claims);
    const { token, sessionId } = await this.auth.issueSession(user, sessionEpoch);
    await this.signIns.record({
      sessionId,
      userId: user.id,
      issuer: claims.iss,
      subject: claims.sub,
      providerSessionId: typeof claims['sid'] === 'string' ? claims['sid'] : null,
      idToken,
      expiresAt: new Date(Date.now() + this.config.get('jwtLifetimeSeconds') * 1000),
    });
    this.logger.log(`${user.username} signed in through ${claims.iss}`);
    return { token, returnTo: flow.returnTo };
  }

  /**
   * TDGen's logout (AuthService.logout), and the provider's end-session URL when this sign-in came
   * through the provider and the provider supports RP-initiated logout.
   */
  async logout(user: AuthenticatedUser): Promise<string | null> {
    const idToken = user.sessionId ? await this.signIns.take(user.sessionId) : null;
    await this.auth.logout(user);
    if (!idToken) return null;
    try {
      return await this.oidc.endSessionUrl(idToken);
    } catch (err) {
      this.logger.warn(`No end-session URL (the provider session stays): ${describe(err)}`);
      return null;
    }
  }

  /** Back-channel logout: ends every TDGen sign-in the provider's logout token names. */
  async backchannelLogout(logoutToken: string): Promise<number> {
    let claims;
    try {
      claims = await this.oidc.verifyLogoutToken(logoutToken);
    } catch (err) {
      this.logger.warn(`Back-channel logout refused: ${describe(err)}`);
      throw new ApiException('LOGOUT_TOKEN_INVALID', {}, 'Invalid logout token');
    }
    const ended = await this.signIns.takeMatching(claims.iss, { sid: claims.sid, sub: claims.sub });
    for (const signIn of ended) await this.auth.logout(signIn);
    this.logger.log(`Back-channel logout from ${claims.iss} ended ${ended.length} sign-in(s)`);
    return ended.length;
  }
}

function describe(err: unknown): string {
  if (err instanceof client.AuthorizationResponseError) return `${err.error}: ${err.error_description ?? ''}`;
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
