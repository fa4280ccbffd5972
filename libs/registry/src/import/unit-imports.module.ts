import { Module } from '@nestjs/common';
import { UnitImportJobsService } from './unit-import-jobs.service';

/**
 * Imports over HTTP need the file store and the outbox on top of the register, so they are a module of their own:
 * the command-line import and the seeds use RegistryModule without either.
 */
@Module({
  providers: [UnitImportJobsService],
  exports: [UnitImportJobsService],
})
export class UnitImportsModule {}
