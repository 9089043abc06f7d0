import { Body, Controller, Get, Patch, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ROUTES, type SessionUser, type UserDto } from '@tdgen/contracts';
import { CurrentUser } from '../decorators/current-user.decorator';
import { IdParam } from '../common/id-param.decorator';
import { Roles } from '../decorators/roles.decorator';
import { CreateUserDto, UpdateUserDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiForbiddenResponse({ description: 'Administrators only' })
@Roles('ADMIN')
@Controller(ROUTES.users)
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOkResponse({ description: 'All users' })
  list(): Promise<UserDto[]> {
    return this.users.list();
  }

  @Post()
  @ApiCreatedResponse({ description: 'The new user' })
  @ApiConflictResponse({ description: 'Username taken' })
  create(@Body() dto: CreateUserDto): Promise<UserDto> {
    return this.users.create(dto);
  }

  @Patch(':id')
  @ApiOkResponse({ description: 'The updated user (disable, role, display name, password reset)' })
  update(@IdParam('id') id: number, @Body() dto: UpdateUserDto, @CurrentUser() me: SessionUser): Promise<UserDto> {
    return this.users.update(id, dto, me.id);
  }
}
