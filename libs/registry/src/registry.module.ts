import { Global, Module } from '@nestjs/common';
import { BenchmarkPricesService } from './benchmark-prices.service';
import { CalendarService } from './calendar.service';
import { MaterialChecklistService } from './material-checklist.service';
import { UnitImportService } from './import/unit-import.service';
import { RestrictionsService } from './restrictions.service';
import { SettingsService } from './settings.service';
import { UnitOwnershipResolver } from './unit-ownership.resolver';
import { UnitsService } from './units.service';
import { WindowsService } from './windows.service';

@Global()
@Module({
  providers: [
    CalendarService,
    MaterialChecklistService,
    SettingsService,
    UnitsService,
    RestrictionsService,
    BenchmarkPricesService,
    UnitOwnershipResolver,
    UnitImportService,
    WindowsService,
  ],
  exports: [
    CalendarService,
    MaterialChecklistService,
    SettingsService,
    UnitsService,
    RestrictionsService,
    BenchmarkPricesService,
    UnitImportService,
    WindowsService,
  ],
})
export class RegistryModule {}
