import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, UuidParamPipe } from '@app/common';
import { actorOf, Public, Roles } from '@app/identity';
import {
  BenchmarkPrice,
  BenchmarkPricesService,
  ChecklistRow,
  MaterialChecklistService,
  SettingsService,
  SettingView,
} from '@app/registry';
import {
  BenchmarkPriceDto,
  BenchmarkPriceQuery,
  ChecklistQuery,
  ChecklistRowDto,
  RemoveDto,
  UpdateSettingDto,
} from './registry.dto';

@ApiTags('reference data')
@ApiBearerAuth()
@Controller()
export class ReferenceDataController {
  constructor(
    private readonly benchmarks: BenchmarkPricesService,
    private readonly settings: SettingsService,
    private readonly materialChecklists: MaterialChecklistService,
  ) {}

  @Get('benchmark-prices')
  @Public()
  @ApiOperation({ summary: '基准地价查询 / benchmark prices, optionally valid on a date (public)' })
  searchBenchmarks(@Query() query: BenchmarkPriceQuery): Promise<BenchmarkPrice[]> {
    return this.benchmarks.search(query);
  }

  @Post('benchmark-prices')
  @Roles('admin')
  @ApiOperation({ summary: '新增基准地价 / add a benchmark price (admin); overlapping validity is refused' })
  createBenchmark(
    @Body() body: BenchmarkPriceDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<BenchmarkPrice> {
    return this.benchmarks.create(body, actorOf(user));
  }

  @Put('benchmark-prices/:id')
  @Roles('admin')
  @ApiOperation({ summary: '修改基准地价 / change a benchmark price (admin)' })
  updateBenchmark(
    @Param('id', UuidParamPipe) id: string,
    @Body() body: BenchmarkPriceDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<BenchmarkPrice> {
    return this.benchmarks.update(id, body, actorOf(user));
  }

  @Delete('benchmark-prices/:id')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: '删除基准地价 / remove a benchmark price entered by mistake (admin)' })
  removeBenchmark(
    @Param('id', UuidParamPipe) id: string,
    @Body() body: RemoveDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<void> {
    return this.benchmarks.remove(id, actorOf(user), body.reason);
  }

  @Get('material-checklists')
  @Public()
  @ApiOperation({
    summary: '申请材料清单 / which materials each kind of application needs, and when (public)',
  })
  checklists(@Query() query: ChecklistQuery): Promise<ChecklistRow[]> {
    return this.materialChecklists.rows(query.kind);
  }

  @Post('material-checklists')
  @Roles('admin')
  @ApiOperation({ summary: '新增材料要求 / add a checklist row (admin, audited)' })
  addChecklistRow(
    @Body() body: ChecklistRowDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<ChecklistRow> {
    const { reason, ...row } = body;
    return this.materialChecklists.add(row, actorOf(user), reason);
  }

  @Delete('material-checklists/:id')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: '删除材料要求 / remove a checklist row (admin, audited)' })
  removeChecklistRow(
    @Param('id', UuidParamPipe) id: string,
    @Body() body: RemoveDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<void> {
    return this.materialChecklists.remove(id, actorOf(user), body.reason);
  }

  @Get('settings')
  @Roles('admin', 'auditor')
  @ApiOperation({ summary: '可配置参数 / every configurable value with its default and bounds' })
  listSettings(): Promise<SettingView[]> {
    return this.settings.list();
  }

  @Put('settings/:key')
  @Roles('admin')
  @ApiOperation({ summary: '修改参数 / change a configurable value (admin, audited)' })
  updateSetting(
    @Param('key') key: string,
    @Body() body: UpdateSettingDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<SettingView> {
    return this.settings.update(key, body.value, actorOf(user), body.reason);
  }
}
