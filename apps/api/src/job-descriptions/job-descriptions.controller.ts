import { Body, Controller, Patch, Post } from '@nestjs/common';
import { ApiCookieAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ROUTES, SESSION_COOKIE, type JobDescriptionDto, type SessionUser } from '@tdgen/contracts';
import { CatalogueController } from '../catalogue/catalogue.controller';
import { ApiClientIdHeader, ApiErrors, ApiLockedMutation } from '../common/api-docs';
import { ClientId } from '../common/client-id.decorator';
import { IdParam } from '../common/id-param.decorator';
import { CurrentUser } from '../decorators/current-user.decorator';
import { CreateJobDescriptionDto, FrameworkDataDto, UpdateJobDescriptionDto } from './dto/job-description.dto';
import { JobDescriptionModel, JobDescriptionPageModel } from './dto/job-description.response';
import { SetPercentagesDto } from './dto/set-percentages.dto';
import { JobDescriptionsService } from './job-descriptions.service';

/** The catalogue routes (list, exists, read, delete, restore) plus create, update, framework data and shares. */
@ApiTags('job-descriptions')
@ApiCookieAuth(SESSION_COOKIE)
@ApiErrors(401)
@Controller(ROUTES.jobDescriptions)
export class JobDescriptionsController extends CatalogueController<JobDescriptionDto>({
  noun: 'description',
  model: JobDescriptionModel,
  pageModel: JobDescriptionPageModel,
  list: 'List descriptions with their tasks: filtered, sorted by title, paginated (docs/product.md § Job descriptions)',
  get: 'With ordered tasks, shares, taskCount, weightedPayGroup',
  softDelete: "Soft delete (associations kept); needs the description's lock",
  permanentDelete: 'Delete for good with associations and framework data (admin)',
}) {
  constructor(private readonly jobDescriptions: JobDescriptionsService) {
    super(jobDescriptions);
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
}
