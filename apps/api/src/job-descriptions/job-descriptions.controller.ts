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
  type JobDescriptionDto,
  type Page,
  type SessionUser,
  type TitleExistsResponse,
} from '@tdgen/contracts';
import { CurrentUser } from '../decorators/current-user.decorator';
import { Roles } from '../decorators/roles.decorator';
import { ApiClientIdHeader, ApiErrors, ApiLockedMutation, TitleExistsModel } from '../common/api-docs';
import { ClientId } from '../common/client-id.decorator';
import { ListQueryDto, TitleQueryDto } from '../common/list-query.dto';
import { IdParam } from '../common/id-param.decorator';
import { CreateJobDescriptionDto, FrameworkDataDto, UpdateJobDescriptionDto } from './dto/job-description.dto';
import { JobDescriptionModel, JobDescriptionPageModel } from './dto/job-description.response';
import { SetPercentagesDto } from './dto/set-percentages.dto';
import { JobDescriptionsService } from './job-descriptions.service';

@ApiTags('job-descriptions')
@ApiCookieAuth(SESSION_COOKIE)
@ApiErrors(401)
@Controller(ROUTES.jobDescriptions)
export class JobDescriptionsController {
  constructor(private readonly jobDescriptions: JobDescriptionsService) {}

  @Get()
  @ApiOperation({ summary: 'List descriptions with their tasks: filtered, sorted by title, paginated (SPEC §4.7)' })
  @ApiOkResponse({ type: JobDescriptionPageModel })
  @ApiErrors(400)
  list(@Query() query: ListQueryDto): Promise<Page<JobDescriptionDto>> {
    return this.jobDescriptions.list(query);
  }

  @Get('exists')
  @ApiOperation({ summary: 'Whether a title is taken (deleted descriptions included)' })
  @ApiOkResponse({ type: TitleExistsModel })
  @ApiErrors(400)
  exists(@Query() query: TitleQueryDto): Promise<TitleExistsResponse> {
    return this.jobDescriptions.exists(query.title);
  }

  @Get(':id')
  @ApiOkResponse({ type: JobDescriptionModel, description: 'With ordered tasks, shares, taskCount, weightedPayGroup' })
  @ApiErrors(400, 404)
  get(@IdParam('id') id: number): Promise<JobDescriptionDto> {
    return this.jobDescriptions.get(id);
  }

  @Post()
  @ApiClientIdHeader()
  @ApiCreatedResponse({ type: JobDescriptionModel })
  @ApiErrors(400, 403, 409)
  create(
    @Body() dto: CreateJobDescriptionDto,
    @CurrentUser() user: SessionUser,
    @ClientId() clientId: string,
  ): Promise<JobDescriptionDto> {
    return this.jobDescriptions.create(dto, user, clientId);
  }

  @Patch(':id')
  @ApiLockedMutation()
  @ApiOperation({ summary: "Change title, tags (read-only flag: admins); needs the description's lock" })
  @ApiOkResponse({ type: JobDescriptionModel })
  update(
    @IdParam('id') id: number,
    @Body() dto: UpdateJobDescriptionDto,
    @CurrentUser() user: SessionUser,
    @ClientId() clientId: string,
  ): Promise<JobDescriptionDto> {
    return this.jobDescriptions.update(id, dto, user, clientId);
  }

  @Patch(':id/framework-data')
  @ApiLockedMutation()
  @ApiOperation({ summary: "Change framework data (only the fields sent); needs the description's lock" })
  @ApiOkResponse({ type: JobDescriptionModel })
  updateFrameworkData(
    @IdParam('id') id: number,
    @Body() dto: FrameworkDataDto,
    @CurrentUser() user: SessionUser,
    @ClientId() clientId: string,
  ): Promise<JobDescriptionDto> {
    return this.jobDescriptions.updateFrameworkData(id, dto, user, clientId);
  }

  @Patch(':id/percentages')
  @ApiLockedMutation()
  @ApiOperation({
    summary: "Set every task's share at once (multiples of 5, each ≥ 5, sum 100); needs the description's lock",
  })
  @ApiOkResponse({ type: JobDescriptionModel })
  setPercentages(
    @IdParam('id') id: number,
    @Body() dto: SetPercentagesDto,
    @CurrentUser() user: SessionUser,
    @ClientId() clientId: string,
  ): Promise<JobDescriptionDto> {
    return this.jobDescriptions.setPercentages(id, dto, user, clientId);
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiLockedMutation()
  @ApiOperation({ summary: "Soft delete (associations kept); needs the description's lock" })
  @ApiOkResponse({ type: JobDescriptionModel })
  softDelete(
    @IdParam('id') id: number,
    @CurrentUser() user: SessionUser,
    @ClientId() clientId: string,
  ): Promise<JobDescriptionDto> {
    return this.jobDescriptions.softDelete(id, user, clientId);
  }

  @Post(':id/restore')
  @HttpCode(200)
  @Roles('ADMIN')
  @ApiClientIdHeader()
  @ApiOperation({ summary: 'Restore a soft-deleted description (admin)' })
  @ApiOkResponse({ type: JobDescriptionModel })
  @ApiErrors(400, 403, 404, 409, 423)
  restore(
    @IdParam('id') id: number,
    @CurrentUser() user: SessionUser,
    @ClientId() clientId: string,
  ): Promise<JobDescriptionDto> {
    return this.jobDescriptions.restore(id, user, clientId);
  }

  @Delete(':id/permanent')
  @HttpCode(204)
  @Roles('ADMIN')
  @ApiClientIdHeader()
  @ApiOperation({ summary: 'Delete for good with associations and framework data (admin)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(400, 403, 404, 423)
  permanentDelete(
    @IdParam('id') id: number,
    @CurrentUser() user: SessionUser,
    @ClientId() clientId: string,
  ): Promise<void> {
    return this.jobDescriptions.permanentDelete(id, user, clientId);
  }
}
