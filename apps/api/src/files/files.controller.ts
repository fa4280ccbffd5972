import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, AuthenticatedUser, CurrentUser, SkipIdempotency, UuidParamPipe } from '@app/common';
import { FilesService, StoredFileView } from '@app/files';
import { actorOf, RequireOwnership } from '@app/identity';

const STAFF = ['clerk', 'reviewer', 'registrar', 'admin', 'auditor'] as const;

@ApiTags('files')
@ApiBearerAuth()
@Controller('files')
export class FilesController {
  constructor(private readonly files: FilesService) {}

  @Post()
  @SkipIdempotency()
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOperation({
    summary: '上传材料 / upload a material (PDF, JPEG or PNG, judged by content; size limit FILE_MAX_BYTES)',
    description:
      'A retried upload stores a second copy that nothing references, so the Idempotency-Key header is not used here.',
  })
  async upload(
    @Req() request: FastifyRequest,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<StoredFileView> {
    const missing = ApiError.invalidField('file', 'isDefined', {
      zh: '请以 multipart/form-data 上传一个文件',
      en: 'send one file as multipart/form-data',
    });
    if (!request.isMultipart()) throw missing;
    const part = await request.file();
    if (!part) throw missing;
    return this.files.store(part.file, part.filename, { ...actorOf(user), id: user.id });
  }

  @Get(':id')
  @RequireOwnership('file', 'id', [...STAFF])
  @ApiOperation({ summary: '文件信息 / file metadata (uploader or staff)' })
  get(@Param('id', UuidParamPipe) id: string): Promise<StoredFileView> {
    return this.files.get(id);
  }

  @Get(':id/content')
  @RequireOwnership('file', 'id', [...STAFF])
  @ApiOperation({ summary: '下载文件 / file content (uploader or staff)' })
  async content(@Param('id', UuidParamPipe) id: string, @Res() reply: FastifyReply): Promise<void> {
    const { view, content } = await this.files.open(id);
    await reply
      .header('Content-Type', view.contentType)
      .header('Content-Length', String(view.size))
      .header('Content-Disposition', `inline; filename="${view.fileId}"`)
      .send(content);
  }
}
