import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditActor, AuditService } from '@app/audit';
import { ApiError, AuthenticatedUser } from '@app/common';
import { MaterialContentType, SNIFF_BYTES, sniffContentType } from './content-type';
import { FileStorage } from './file-storage';

export interface StoredFileView {
  fileId: string;
  sha256: string;
  size: number;
  contentType: MaterialContentType;
  originalName: string | null;
  createdAt: string;
}

interface StoredFileRow {
  id: string;
  uploaded_by: string;
  content_type: MaterialContentType;
  size_bytes: string;
  sha256: string;
  original_name: string | null;
  storage_key: string;
  created_at: Date;
}

function toView(row: StoredFileRow): StoredFileView {
  return {
    fileId: row.id,
    sha256: row.sha256,
    size: Number(row.size_bytes),
    contentType: row.content_type,
    originalName: row.original_name,
    createdAt: row.created_at.toISOString(),
  };
}

const NOT_FOUND = { zh: '文件不存在', en: 'File not found' };

@Injectable()
export class FilesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: FileStorage,
    private readonly audit: AuditService,
  ) {}

  /**
   * Streams the upload to a temporary file while hashing it, checks what it really is, and only then
   * moves it into the store and records it. `truncated` is the multipart layer's size-limit flag.
   */
  async store(
    content: Readable & { truncated?: boolean },
    originalName: string | undefined,
    uploader: AuditActor & { id: string },
  ): Promise<StoredFileView> {
    const upload = await this.storage.receive(content, SNIFF_BYTES);
    const { size } = upload;
    try {
      if (content.truncated) {
        throw new ApiError(413, { zh: '文件超过大小上限', en: 'The file exceeds the size limit' });
      }
      if (size === 0) {
        throw ApiError.invalidField('file', 'notEmpty', { zh: '文件为空', en: 'the file is empty' });
      }
      const contentType = sniffContentType(upload.head);
      if (!contentType) {
        throw ApiError.invalidField('file', 'contentType', {
          zh: '只接受 PDF、JPEG 或 PNG 文件（按文件内容判断）',
          en: 'only PDF, JPEG or PNG files are accepted (judged by content, not name)',
        });
      }
      await this.storage.adopt(upload.temporaryPath, upload.key);
      const name = originalName?.slice(0, 255) ?? null;
      return await this.dataSource.transaction(async (manager) => {
        const [row]: StoredFileRow[] = await manager.query(
          `INSERT INTO stored_file (uploaded_by, content_type, size_bytes, sha256, original_name, storage_key)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
          [uploader.id, contentType, size, upload.sha256, name, upload.key],
        );
        await this.audit.record(manager, {
          actor: uploader,
          action: 'file.uploaded',
          entityType: 'file',
          entityId: row.id,
          data: { contentType, size, sha256: row.sha256 },
        });
        return toView(row);
      });
    } catch (error) {
      await this.storage.discard(upload);
      throw error;
    }
  }

  async get(fileId: string): Promise<StoredFileView> {
    return toView(await this.row(fileId));
  }

  async open(fileId: string): Promise<{ view: StoredFileView; content: Readable }> {
    const row = await this.row(fileId);
    return { view: toView(row), content: this.storage.read(row.storage_key) };
  }

  async isUploadedBy(fileId: string, user: AuthenticatedUser): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM stored_file WHERE id = $1 AND uploaded_by = $2`,
      [fileId, user.id],
    );
    return rows.length > 0;
  }

  private async row(fileId: string): Promise<StoredFileRow> {
    const [row]: StoredFileRow[] = await this.dataSource.query(`SELECT * FROM stored_file WHERE id = $1`, [
      fileId,
    ]);
    if (!row) throw ApiError.notFound(NOT_FOUND);
    return row;
  }
}
