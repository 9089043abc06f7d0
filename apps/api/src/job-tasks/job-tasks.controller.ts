import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  ROUTES,
  SESSION_COOKIE,
  type JobTaskDto,
  type Page,
  type SessionUser,
  type TitleExistsResponse,
  type UsageResponse,
} from '@tdgen/contracts';
import { CurrentUser } from '../decorators/current-user.decorator';
import { Roles } from '../decorators/roles.decorator';
import { ApiClientIdHeader, ApiErrors, ApiLockedMutation, TitleExistsModel } from '../common/api-docs';
import { ClientId } from '../common/client-id.decorator';
import { ListQueryDto, TitleQueryDto } from '../common/list-query.dto';
import { IdParam } from '../common/id-param.decorator';
import { CreateJobTaskDto, UpdateJobTaskDto } from './dto/job-task.dto';
import { JobTaskModel, JobTaskPageModel, UsageModel } from './dto/job-task.response';
import { JobTasksService } from './job-tasks.service';

@ApiTags('job-tasks')
@ApiCookieAuth(SESSION_COOKIE)
@ApiErrors(401)
@Controller(ROUTES.jobTasks)
export class JobTasksController {
  constructor(private readonly jobTasks: JobTasksService) {}

  @Get()
  @ApiOperation({ summary: 'List tasks: filtered, sorted by title, paginated (SPEC §4.7)' })
  @ApiOkResponse({ type: JobTaskPageModel })
  @ApiErrors(400)
  list(@Query() query: ListQueryDto): Promise<Page<JobTaskDto>> {
    return this.jobTasks.list(query);
  }

  @Get('exists')
  @ApiOperation({ summary: 'Whether a title is taken (deleted tasks included)' })
  @ApiOkResponse({ type: TitleExistsModel })
  @ApiErrors(400)
  exists(@Query() query: TitleQueryDto): Promise<TitleExistsResponse> {
    return this.jobTasks.exists(query.title);
  }

  @Get(':id')
  @ApiOkResponse({ type: JobTaskModel, description: 'The task (also when soft-deleted)' })
  @ApiErrors(400, 404)
  get(@IdParam('id') id: number): Promise<JobTaskDto> {
    return this.jobTasks.get(id);
  }

  @Get(':id/usage')
  @ApiOperation({ summary: 'How many live descriptions contain the task' })
  @ApiOkResponse({ type: UsageModel })
  @ApiErrors(400, 404)
  usage(@IdParam('id') id: number): Promise<UsageResponse> {
    return this.jobTasks.usage(id);
  }

  @Post()
  @ApiClientIdHeader()
  @ApiCreatedResponse({ type: JobTaskModel })
  @ApiErrors(400, 403, 409)
  create(
    @Body() dto: CreateJobTaskDto,
    @CurrentUser() user: SessionUser,
    @ClientId() clientId: string,
  ): Promise<JobTaskDto> {
    return this.jobTasks.create(dto, user, clientId);
  }

  @Patch(':id')
  @ApiLockedMutation()
  @ApiOperation({ summary: "Change title, text, tags (pay group and read-only flag: admins); needs the task's lock" })
  @ApiOkResponse({ type: JobTaskModel })
  update(
    @IdParam('id') id: number,
    @Body() dto: UpdateJobTaskDto,
    @CurrentUser() user: SessionUser,
    @ClientId() clientId: string,
  ): Promise<JobTaskDto> {
    return this.jobTasks.update(id, dto, user, clientId);
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiLockedMutation()
  @ApiOperation({ summary: "Soft delete; needs the task's lock" })
  @ApiOkResponse({ type: JobTaskModel })
  softDelete(
    @IdParam('id') id: number,
    @CurrentUser() user: SessionUser,
    @ClientId() clientId: string,
  ): Promise<JobTaskDto> {
    return this.jobTasks.softDelete(id, user, clientId);
  }

  @Post(':id/restore')
  @HttpCode(200)
  @Roles('ADMIN')
  @ApiClientIdHeader()
  @ApiOperation({ summary: 'Restore a soft-deleted task (admin)' })
  @ApiOkResponse({ type: JobTaskModel })
  @ApiErrors(400, 403, 404, 409, 423)
  restore(
    @IdParam('id') id: number,
    @CurrentUser() user: SessionUser,
    @ClientId() clientId: string,
  ): Promise<JobTaskDto> {
    return this.jobTasks.restore(id, user, clientId);
  }

  @Delete(':id/permanent')
  @HttpCode(204)
  @Roles('ADMIN')
  @ApiClientIdHeader()
  @ApiOperation({ summary: 'Delete for good (admin): leaves every description, whose shares are rebalanced' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(400, 403, 404, 423)
  permanentDelete(
    @IdParam('id') id: number,
    @CurrentUser() user: SessionUser,
    @ClientId() clientId: string,
  ): Promise<void> {
    return this.jobTasks.permanentDelete(id, user, clientId);
  }
}
