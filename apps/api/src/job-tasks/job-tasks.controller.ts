import { Body, Controller, Get, Patch, Post } from '@nestjs/common';
import { ApiCookieAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ROUTES, SESSION_COOKIE, type JobTaskDto, type SessionUser, type UsageResponse } from '@tdgen/contracts';
import { CatalogueController } from '../catalogue/catalogue.controller';
import { ApiClientIdHeader, ApiErrors, ApiLockedMutation } from '../common/api-docs';
import { ClientId } from '../common/client-id.decorator';
import { IdParam } from '../common/id-param.decorator';
import { CurrentUser } from '../decorators/current-user.decorator';
import { CreateJobTaskDto, UpdateJobTaskDto } from './dto/job-task.dto';
import { JobTaskModel, JobTaskPageModel, UsageModel } from '../catalogue/dto/job-task.response';
import { JobTasksService } from './job-tasks.service';

/** The catalogue routes (list, exists, read, delete, restore) plus usage, create and update. */
@ApiTags('job-tasks')
@ApiCookieAuth(SESSION_COOKIE)
@ApiErrors(401)
@Controller(ROUTES.jobTasks)
export class JobTasksController extends CatalogueController<JobTaskDto>({
  noun: 'task',
  model: JobTaskModel,
  pageModel: JobTaskPageModel,
  list: 'List tasks: filtered, sorted by title, paginated (docs/product.md § Job tasks)',
  get: 'The task (also when soft-deleted)',
  softDelete: "Soft delete; needs the task's lock",
  permanentDelete: 'Delete for good (admin): leaves every description, whose shares are rebalanced',
}) {
  constructor(private readonly jobTasks: JobTasksService) {
    super(jobTasks);
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
}
