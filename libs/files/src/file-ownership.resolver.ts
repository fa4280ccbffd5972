import { Injectable } from '@nestjs/common';
import { AuthenticatedUser } from '@app/common';
import { OwnershipResolver, OwnershipResolverFor } from '@app/identity';
import { FilesService } from './files.service';

/** A file belongs to whoever uploaded it; applications that cite it grant their parties access later. */
@Injectable()
@OwnershipResolverFor('file')
export class FileOwnershipResolver implements OwnershipResolver {
  constructor(private readonly files: FilesService) {}

  isOwnedBy(fileId: string, user: AuthenticatedUser): Promise<boolean> {
    return /^[0-9a-f-]{36}$/i.test(fileId) ? this.files.isUploadedBy(fileId, user) : Promise.resolve(false);
  }
}
