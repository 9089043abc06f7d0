import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ROUTES, SESSION_COOKIE, type SessionUser } from '@tdgen/contracts';
import type { CookieOptions, Request, Response } from 'express';
import { ConfigService } from '../config/config.service';
import { AuthService } from './auth.service';
import { CurrentUser } from '../decorators/current-user.decorator';
import type { AuthenticatedUser } from '../decorators/authenticated-user';
import { LoginDto } from './dto/login.dto';
import { Public } from '../decorators/public.decorator';

@ApiTags('auth')
@Controller(ROUTES.auth)
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly config: ConfigService,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Signed in; sets the httpOnly session cookie' })
  @ApiUnauthorizedResponse({ description: 'Wrong username or password' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts' })
  async login(
    @Body() dto: LoginDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionUser> {
    const { user, token } = await this.auth.login(dto.username, dto.password, req.ip ?? 'unknown');
    res.cookie(SESSION_COOKIE, token, {
      ...this.cookieOptions(req),
      maxAge: this.config.get('jwtLifetimeSeconds') * 1000,
    });
    return user;
  }

  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse({
    description:
      "Ends the sign-in (its token is refused from now on), clears the cookie, releases the caller's locks and ends this sign-in's event streams",
  })
  async logout(
    @CurrentUser() user: AuthenticatedUser,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    await this.auth.logout(user);
    res.clearCookie(SESSION_COOKIE, this.cookieOptions(req));
  }

  @Get('me')
  @ApiOkResponse({ description: 'The signed-in user' })
  @ApiUnauthorizedResponse({ description: 'No valid session' })
  me(@CurrentUser() user: SessionUser): SessionUser {
    return { id: user.id, username: user.username, displayName: user.displayName, role: user.role };
  }

  private cookieOptions(req: Request): CookieOptions {
    return { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' };
  }
}
