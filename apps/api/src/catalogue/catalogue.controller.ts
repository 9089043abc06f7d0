import { Delete, Get, HttpCode, Post, Query, StreamableFile, type Type } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { SessionUser, TitleExistsResponse } from '@tdgen/contracts';
import { ApiClientIdHeader, ApiErrors, ApiLockedMutation, TitleExistsModel } from '../common/api-docs';
import { ClientId } from '../common/client-id.decorator';
import { IdParam } from '../common/id-param.decorator';
import { CurrentUser } from '../decorators/current-user.decorator';
import { Roles } from '../decorators/roles.decorator';
import { ListQueryDto, TitleQueryDto } from './dto/list-query.dto';

/** The operations behind the routes every catalogue record type has. */
export interface CatalogueOperations<Dto> {
  /** The page as JSON text (a serialized `Page<Dto>`). */
  list(query: ListQueryDto): Promise<Buffer>;
  exists(title: string): Promise<TitleExistsResponse>;
  get(id: number): Promise<Dto>;
  softDelete(id: number, user: SessionUser, clientId: string): Promise<Dto>;
  restore(id: number, user: SessionUser, clientId: string): Promise<Dto>;
  permanentDelete(id: number, user: SessionUser, clientId: string): Promise<void>;
}

/** How one record type's shared routes are documented. */
export interface CatalogueRouteDocs {
  /** "task", "description": the record in summaries. */
  noun: string;
  model: Type<unknown>;
  pageModel: Type<unknown>;
  list: string;
  get: string;
  softDelete: string;
  permanentDelete: string;
}

/**
 * The routes job tasks and job descriptions share — list, title check, read, soft delete, restore,
 * permanent delete — written once; a record type's controller extends the returned class and adds
 * its own routes (create and update, whose body types differ).
 */
export function CatalogueController<Dto>(docs: CatalogueRouteDocs) {
  abstract class CatalogueRoutes {
    constructor(protected readonly records: CatalogueOperations<Dto>) {}

    @Get()
    @ApiOperation({ summary: docs.list })
    @ApiOkResponse({ type: docs.pageModel })
    @ApiErrors(400)
    async list(@Query() query: ListQueryDto): Promise<StreamableFile> {
      // Sent as it comes: the JSON was written by the database and the service, not re-serialized here.
      const body = await this.records.list(query);
      return new StreamableFile(body, { type: 'application/json; charset=utf-8', length: body.length });
    }

    @Get('exists')
    @ApiOperation({ summary: `Whether a title is taken (deleted ${docs.noun}s included)` })
    @ApiOkResponse({ type: TitleExistsModel })
    @ApiErrors(400)
    exists(@Query() query: TitleQueryDto): Promise<TitleExistsResponse> {
      return this.records.exists(query.title);
    }

    @Get(':id')
    @ApiOkResponse({ type: docs.model, description: docs.get })
    @ApiErrors(400, 404)
    get(@IdParam('id') id: number): Promise<Dto> {
      return this.records.get(id);
    }

    @Delete(':id')
    @HttpCode(200)
    @ApiLockedMutation()
    @ApiOperation({ summary: docs.softDelete })
    @ApiOkResponse({ type: docs.model })
    softDelete(
      @IdParam('id') id: number,
      @CurrentUser() user: SessionUser,
      @ClientId() clientId: string,
    ): Promise<Dto> {
      return this.records.softDelete(id, user, clientId);
    }

    @Post(':id/restore')
    @HttpCode(200)
    @Roles('ADMIN')
    @ApiClientIdHeader()
    @ApiOperation({ summary: `Restore a soft-deleted ${docs.noun} (admin)` })
    @ApiOkResponse({ type: docs.model })
    @ApiErrors(400, 403, 404, 409, 423)
    restore(@IdParam('id') id: number, @CurrentUser() user: SessionUser, @ClientId() clientId: string): Promise<Dto> {
      return this.records.restore(id, user, clientId);
    }

    @Delete(':id/permanent')
    @HttpCode(204)
    @Roles('ADMIN')
    @ApiClientIdHeader()
    @ApiOperation({ summary: docs.permanentDelete })
    @ApiNoContentResponse({ description: 'Deleted' })
    @ApiErrors(400, 403, 404, 423)
    permanentDelete(
      @IdParam('id') id: number,
      @CurrentUser() user: SessionUser,
      @ClientId() clientId: string,
    ): Promise<void> {
      return this.records.permanentDelete(id, user, clientId);
    }
  }
  return CatalogueRoutes;
}
