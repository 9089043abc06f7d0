import { Body, Controller, Get, Header, HttpCode, Logger, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { API_PREFIX, SSO_ROUTES, type SsoFailure, type SsoLogoutResponse } from '@tdgen/contracts';
import type { CookieOptions, Request, Response } from 'express';
import { clearSessionCookie, setSessionCookie } from '../auth/session-cookie';
import { ConfigService } from '../config/config.service';
import type { AuthenticatedUser } from '../decorators/authenticated-user';
import { CurrentUser } from '../decorators/current-user.decorator';
import { Public } from '../decorators/public.decorator';
import { BackchannelLogoutDto } from './dto/backchannel-logout.dto';
import { isSsoFlowCookieName, MAX_SSO_FLOWS, SSO_FLOW_LIFETIME_SECONDS, ssoFlowCookieName } from './sso-flow-cookie';
import { SsoLoginError } from './sso-login-error';
import { SsoService } from './sso.service';

const LOGIN_PAGE = '/login';

@ApiTags('auth')
@Controller(SSO_ROUTES.base)
export class SsoController {
  private readonly logger = new Logger(SsoController.name);

  constructor(
    private readonly sso: SsoService,
    private readonly config: ConfigService,
  ) {}

  @Public()
  @Get(SSO_ROUTES.login)
  @ApiFoundResponse({ description: "Redirects to the provider's login page (`?returnTo=/path` to come back to)" })
  async login(@Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      const { authorizationUrl, state, sealedFlow } = await this.sso.startLogin(req.query['returnTo']);
      const cookieName = ssoFlowCookieName(state);
      if (!cookieName) throw new Error(`state "${state}" cannot name a cookie`);
      const inFlight = Object.keys(cookiesOf(req)).filter(isSsoFlowCookieName);
      // Abandoned flows (tabs closed at the provider) expire on their own; a pile of them is dropped.
      if (inFlight.length >= MAX_SSO_FLOWS) for (const name of inFlight) res.clearCookie(name, flowCookieOptions(req));
      res.cookie(cookieName, sealedFlow, {
        ...flowCookieOptions(req),
        maxAge: SSO_FLOW_LIFETIME_SECONDS * 1000,
      });
      res.redirect(303, authorizationUrl);
    } catch (err) {
      this.backToLoginPage(res, err, '/');
    }
  }

  @Public()
  @Get(SSO_ROUTES.callback)
  @ApiFoundResponse({
    description: 'Signs in (session cookie) and redirects to the return path, or to the login page with ?sso=<failure>',
  })
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    const cookieName = ssoFlowCookieName(req.query['state']);
    const sealedFlow = cookieName ? cookiesOf(req)[cookieName] : undefined;
    // One flow, one attempt: its cookie goes whatever the outcome.
    if (cookieName) res.clearCookie(cookieName, flowCookieOptions(req));
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    try {
      const { token, returnTo } = await this.sso.finishLogin(query, sealedFlow);
      setSessionCookie(req, res, token, this.config.get('jwtLifetimeSeconds'));
      res.redirect(303, returnTo);
    } catch (err) {
      this.backToLoginPage(res, err, await this.sso.returnPathOf(sealedFlow));
    }
  }

  @Post(SSO_ROUTES.logout)
  @HttpCode(200)
  @ApiOkResponse({
    description:
      "Signs out like POST /auth/logout and returns the provider's end-session URL, where the browser goes to end the provider session too",
  })
  async logout(
    @CurrentUser() user: AuthenticatedUser,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SsoLogoutResponse> {
    const endSessionUrl = await this.sso.logout(user);
    clearSessionCookie(req, res);
    return { endSessionUrl };
  }

  /** Called by the provider, not by a browser: it carries no session and no Origin. */
  @Public()
  @Post(SSO_ROUTES.backchannelLogout)
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ description: 'The sign-ins the logout token names are ended (revoked, streams closed)' })
  @ApiBadRequestResponse({ description: 'The logout token is not valid' })
  async backchannelLogout(@Body() dto: BackchannelLogoutDto): Promise<void> {
    await this.sso.backchannelLogout(dto.logout_token);
  }

  private backToLoginPage(res: Response, err: unknown, returnTo: string): void {
    const failure: SsoFailure = err instanceof SsoLoginError ? err.failure : 'failed';
    if (err instanceof SsoLoginError) this.logger.warn(`Single sign-on ${failure}: ${err.detail}`);
    else this.logger.error(`Single sign-on failed: ${err instanceof Error ? err.stack : String(err)}`);
    const params = new URLSearchParams({ sso: failure, ...(returnTo !== '/' ? { returnUrl: returnTo } : {}) });
    res.redirect(303, `${LOGIN_PAGE}?${params}`);
  }
}

/**
 * Lax, not Strict: the provider's redirect back is a cross-site navigation, and the cookie must
 * come along with it. Scoped to the single sign-on routes.
 */
function flowCookieOptions(req: Request): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: req.secure, path: `/${API_PREFIX}/${SSO_ROUTES.base}` };
}

function cookiesOf(req: Request): Record<string, string> {
  return (req.cookies as Record<string, string> | undefined) ?? {};
}
