import { Controller, Get, Headers, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  DOCUMENT_LABELS,
  documentLocaleFor,
  JOB_DESCRIPTION_ARCHIVE_PATH,
  ROUTES,
  SESSION_COOKIE,
} from '@tdgen/contracts';
import type { Response } from 'express';
import { ApiErrors } from '../common/api-docs';
import type { AuthenticatedUser } from '../decorators/authenticated-user';
import { CurrentUser } from '../decorators/current-user.decorator';
import { IdParam } from '../common/id-param.decorator';
import { archiveFileName } from './document-file-name';
import { DocumentArchiveQueryDto } from './dto/document-archive-query.dto';
import { DocumentsService } from './documents.service';

@ApiTags('documents')
@ApiCookieAuth(SESSION_COOKIE)
@ApiErrors(401)
@Controller()
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Get(`${ROUTES.jobDescriptions}/:id/document.pdf`)
  @ApiOperation({
    summary:
      "The description as an A4 PDF document (attachment named after the title), in the user's language, else the browser's",
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'PDF file' })
  @ApiErrors(400, 404)
  async pdf(
    @IdParam('id') id: number,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const document = await this.documents.pdf(id, user.language ?? documentLocaleFor(acceptLanguage));
    res.attachment(document.fileName);
    return new StreamableFile(document.content, { type: 'application/pdf', length: document.content.length });
  }

  @Get(JOB_DESCRIPTION_ARCHIVE_PATH)
  @ApiOperation({
    summary:
      "A ZIP of PDFs, streamed: the selected descriptions (ids) or all carrying a tag; named and written in the user's language",
  })
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: 'ZIP file, one PDF per description' })
  @ApiErrors(400, 404)
  async archive(
    @Query() query: DocumentArchiveQueryDto,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res() res: Response,
  ): Promise<void> {
    const ids = await this.documents.archiveIds(query);
    const locale = user.language ?? documentLocaleFor(acceptLanguage);
    res.attachment(archiveFileName(DOCUMENT_LABELS[locale], query.tag));
    res.type('application/zip');
    await this.documents.writeArchive(ids, locale, res);
  }
}
