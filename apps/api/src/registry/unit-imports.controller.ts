import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ApiError,
  AuthenticatedUser,
  CurrentUser,
  Page,
  PageQuery,
  SkipIdempotency,
  UuidParamPipe,
} from '@app/common';
import { actorOf, Roles } from '@app/identity';
import { UnitImportJobsService, UnitImportView } from '@app/registry';

@ApiTags('registry')
@ApiBearerAuth()
@Controller('unit-imports')
export class UnitImportsController {
  constructor(private readonly imports: UnitImportJobsService) {}

  @Post()
  @Roles('admin')
  @SkipIdempotency()
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOperation({
    summary:
      '上传单元文件导入 / import units from one .csv, .geojson or .json file (admin; size limit UNIT_IMPORT_MAX_BYTES)',
    description:
      'The file is checked as far as its first bytes allow (type, UTF-8, CSV header or FeatureCollection), stored ' +
      'and queued; the import runs in the worker. Follow it with GET /unit-imports/:id. A repeated upload starts a ' +
      'second import, which counts the units the first registered as already registered, so the ' +
      'Idempotency-Key header is not used here.',
  })
  async start(
    @Req() request: FastifyRequest,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<UnitImportView> {
    const missing = ApiError.invalidField('file', 'isDefined', {
      zh: '请以 multipart/form-data 上传一个单元文件',
      en: 'send one unit file as multipart/form-data',
    });
    if (!request.isMultipart()) throw missing;
    const part = await request.file({ limits: { fileSize: this.imports.maxBytes } });
    if (!part) throw missing;
    return this.imports.start(part.file, part.filename, { ...actorOf(user), id: user.id });
  }

  @Get()
  @Roles('admin', 'auditor')
  @ApiOperation({ summary: '单元导入记录 / unit imports, newest first (admin, auditor)' })
  list(@Query() query: PageQuery): Promise<Page<UnitImportView>> {
    return this.imports.list(query.page, query.pageSize);
  }

  @Get(':id')
  @Roles('admin', 'auditor')
  @ApiOperation({ summary: '导入进度 / one unit import with its progress and counts (admin, auditor)' })
  get(@Param('id', UuidParamPipe) id: string): Promise<UnitImportView> {
    return this.imports.get(id);
  }

  @Get(':id/errors')
  @Roles('admin', 'auditor')
  @ApiProduces('text/csv')
  @ApiOperation({
    summary: '导入错误报告 / the problem report of a finished import (CSV: line,field,reason)',
    description:
      'UTF-8 with a byte-order mark; reasons in Chinese and English, resident IDs masked. 409 while the import ' +
      'has not succeeded, 404 when it found no problems.',
  })
  async errors(@Param('id', UuidParamPipe) id: string, @Res() reply: FastifyReply): Promise<void> {
    const { fileName, content } = await this.imports.errorReport(id);
    await reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header(
        'Content-Disposition',
        `attachment; filename="unit-import-${id}.errors.csv"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      )
      .send(content);
  }
}
