import { Global, Module } from '@nestjs/common';
import { FileOwnershipResolver } from './file-ownership.resolver';
import { FileStorage, LocalDiskFileStorage } from './file-storage';
import { FilesService } from './files.service';

@Global()
@Module({
  providers: [FilesService, FileOwnershipResolver, { provide: FileStorage, useClass: LocalDiskFileStorage }],
  exports: [FilesService, FileStorage],
})
export class FilesModule {}
