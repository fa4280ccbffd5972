import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { ApiError } from '../http/api-error';

/** Like ParseUUIDPipe, but the 400 names the parameter and the rule like every other validation error. */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (isUUID(value)) return value;
    throw ApiError.invalidField(metadata.data ?? 'id', 'isUuid', { zh: '必须是 UUID', en: 'must be a UUID' });
  }
}
