import { Body, Controller, Delete, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiCookieAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ROUTES, SESSION_COOKIE, type JobDescriptionDto, type SessionUser } from '@tdgen/contracts';
import { CurrentUser } from '../decorators/current-user.decorator';
import { ApiLockedMutation } from '../common/api-docs';
import { ClientId } from '../common/client-id.decorator';
import { IdParam } from '../common/id-param.decorator';
import { JobDescriptionModel } from '../job-descriptions/dto/job-description.response';
import { AddJobDescriptionTaskDto, MoveJobDescriptionTaskDto } from './dto/job-description-task.dto';
import { JobDescriptionTasksService } from './job-description-tasks.service';

/** Tasks inside a description. Every change needs the description's lock and returns the whole description. */
@ApiTags('job-description-tasks')
@ApiCookieAuth(SESSION_COOKIE)
@ApiLockedMutation()
@Controller(ROUTES.jobDescriptionTasks)
export class JobDescriptionTasksController {
  constructor(private readonly associations: JobDescriptionTasksService) {}

  @Post()
  @ApiOperation({
    summary: 'Add a task at an index (default: the end); it gets an equal share (docs/product.md § Shares)',
  })
  @ApiCreatedResponse({ type: JobDescriptionModel, description: 'The updated description' })
  add(
    @Body() dto: AddJobDescriptionTaskDto,
    @CurrentUser() user: SessionUser,
    @ClientId() clientId: string,
  ): Promise<JobDescriptionDto> {
    return this.associations.add(dto, user, clientId);
  }

  @Patch(':jobDescriptionId/:jobTaskId')
  @ApiOperation({ summary: 'Move a task to a new index' })
  @ApiOkResponse({ type: JobDescriptionModel, description: 'The updated description' })
  move(
    @IdParam('jobDescriptionId') jobDescriptionId: number,
    @IdParam('jobTaskId') jobTaskId: number,
    @Body() dto: MoveJobDescriptionTaskDto,
    @CurrentUser() user: SessionUser,
    @ClientId() clientId: string,
  ): Promise<JobDescriptionDto> {
    return this.associations.move(jobDescriptionId, jobTaskId, dto.index, user, clientId);
  }

  @Delete(':jobDescriptionId/:jobTaskId')
  @HttpCode(200)
  @ApiOperation({ summary: 'Remove a task; its share goes to the others proportionally' })
  @ApiOkResponse({ type: JobDescriptionModel, description: 'The updated description' })
  remove(
    @IdParam('jobDescriptionId') jobDescriptionId: number,
    @IdParam('jobTaskId') jobTaskId: number,
    @CurrentUser() user: SessionUser,
    @ClientId() clientId: string,
  ): Promise<JobDescriptionDto> {
    return this.associations.remove(jobDescriptionId, jobTaskId, user, clientId);
  }
}
