import { Body, Controller, Get, HttpCode, Patch, Post, Req, Res } from '@nestjs/common';
import {
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { type CurrentUserDto, ROUTES } from '@tdgen/contracts';
import type { Request, Response } from 'express';
import { ConfigService } from '../config/config.service';
import { AuthService } from './auth.service';
import { CurrentUser } from '../decorators/current-user.decorator';
import type { AuthenticatedUser } from '../decorators/authenticated-user';
import { LoginDto } from './dto/login.dto';
import { UpdateCurrentUserDto } from './dto/update-current-user.dto';
import { clearSessionCookie, setLanguageCookie, setSessionCookie } from './session-cookie';
import { UsersService } from '../users/users.service';
import { Public } from '../decorators/public.decorator';

@ApiTags('auth')
@Controller(ROUTES.auth)
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly config: ConfigService,
    private readonly users: UsersService,
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
  ): Promise<CurrentUserDto> {
    const { user, token } = await this.auth.login(dto.username, dto.password, req.ip ?? 'unknown');
    setSessionCookie(req, res, token, this.config.get('jwtLifetimeSeconds'));
    // A stored language choice follows the user to this browser (docs/product.md § Languages).
    if (user.language) setLanguageCookie(req, res, user.language);
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
    clearSessionCookie(req, res);
  }

  @Get('me')
  @ApiOkResponse({ description: 'The signed-in user, with the language they chose (null: the browser decides)' })
  @ApiUnauthorizedResponse({ description: 'No valid session' })
  me(
    @CurrentUser() user: AuthenticatedUser,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): CurrentUserDto {
    // A choice made in another browser reaches this one: the next page load gets the matching build.
    if (user.language) setLanguageCookie(req, res, user.language);
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      language: user.language,
    };
  }

  @Patch('me')
  @ApiOkResponse({ description: "Stores the signed-in user's own settings (language); sets the language cookie" })
  @ApiUnauthorizedResponse({ description: 'No valid session' })
  async updateMe(
    @CurrentUser() user: AuthenticatedUser,
    @Body() dto: UpdateCurrentUserDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CurrentUserDto> {
    const updated = await this.users.setLanguage(user.id, dto.language);
    setLanguageCookie(req, res, updated.language);
    return updated;
  }
}
