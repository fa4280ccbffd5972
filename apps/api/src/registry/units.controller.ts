import {
  ArgumentMetadata,
  Body,
  Controller,
  Get,
  HttpCode,
  Injectable,
  Param,
  PipeTransform,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiError, AuthenticatedUser, CurrentUser, hasAnyRole, Page, UuidParamPipe } from '@app/common';
import { validateUnitNumber, wuhaiDate } from '@app/domain';
import { actorOf, RequireOwnership, Roles } from '@app/identity';
import {
  BenchmarkPrice,
  BenchmarkPricesService,
  RestrictionsService,
  RestrictionView,
  UnitsService,
  UnitView,
} from '@app/registry';
import {
  AddRestrictionDto,
  BenchmarkPriceQuery,
  CreateUnitDto,
  LiftRestrictionDto,
  UnitListQuery,
} from './registry.dto';

const STAFF = ['clerk', 'reviewer', 'registrar', 'admin', 'auditor'] as const;

@Injectable()
export class UnitNumberParamPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    const check = validateUnitNumber(value);
    if (check.valid) return check.value;
    throw ApiError.invalidField(metadata.data ?? 'unitNumber', check.rule, check.message);
  }
}

@ApiTags('registry')
@ApiBearerAuth()
@Controller()
export class UnitsController {
  constructor(
    private readonly units: UnitsService,
    private readonly restrictions: RestrictionsService,
    private readonly benchmarks: BenchmarkPricesService,
  ) {}

  @Post('units')
  @Roles('admin', 'registrar')
  @ApiOperation({
    summary: '登记不动产单元及其现势权利 / register a unit with its current right (admin, registrar)',
  })
  create(@Body() body: CreateUnitDto, @CurrentUser() user: AuthenticatedUser): Promise<UnitView> {
    return this.units.register(
      {
        ...body,
        holders: body.holders.map((holder) => ({
          partyId: holder.partyId,
          party: holder.party?.toInput(),
          share: holder.share,
        })),
      },
      actorOf(user),
    );
  }

  @Get('units')
  @ApiOperation({ summary: '不动产单元列表 / units: a holder sees their own (mine=true), staff see all' })
  list(@Query() query: UnitListQuery, @CurrentUser() user: AuthenticatedUser): Promise<Page<UnitView>> {
    const staff = hasAnyRole(user, STAFF);
    if (!staff && query.mine !== 'true') {
      throw ApiError.forbidden({
        zh: '持证人只能查看本人的不动产单元（mine=true）',
        en: 'Holders list their own units with mine=true',
      });
    }
    if (query.mine === 'true' && !user.partyId) {
      return Promise.resolve({ items: [], total: 0, page: query.page, pageSize: query.pageSize });
    }
    return this.units.list(
      {
        holderPartyId: query.mine === 'true' ? (user.partyId ?? undefined) : undefined,
        districtCode: query.districtCode,
      },
      query.page,
      query.pageSize,
    );
  }

  @Get('units/:unitNumber')
  @RequireOwnership('unit', 'unitNumber', [...STAFF])
  @ApiOperation({ summary: '不动产单元登记信息 / a unit with everything current on it (holders masked)' })
  get(@Param('unitNumber', UnitNumberParamPipe) unitNumber: string): Promise<UnitView> {
    return this.units.get(unitNumber);
  }

  @Get('units/:unitNumber/benchmark-price')
  @RequireOwnership('unit', 'unitNumber', [...STAFF])
  @ApiOperation({ summary: '该单元在某日适用的基准地价 / the benchmark price for this unit on a date' })
  async benchmark(
    @Param('unitNumber', UnitNumberParamPipe) unitNumber: string,
    @Query() query: BenchmarkPriceQuery,
  ): Promise<BenchmarkPrice> {
    await this.units.get(unitNumber);
    const price = await this.benchmarks.forUnit(unitNumber, query.date ?? wuhaiDate());
    if (!price) {
      throw ApiError.notFound({
        zh: '该日期没有适用的基准地价',
        en: 'No benchmark price applies on that date',
      });
    }
    return price;
  }

  @Post('units/:unitNumber/restrictions')
  @Roles('registrar')
  @ApiOperation({
    summary: '登记查封、异议或闲置土地限制 / add a seizure, objection or idle-land restriction',
  })
  addRestriction(
    @Param('unitNumber', UnitNumberParamPipe) unitNumber: string,
    @Body() body: AddRestrictionDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<RestrictionView> {
    return this.restrictions.add(unitNumber, body, actorOf(user));
  }

  @Post('restrictions/:id/lift')
  @HttpCode(200)
  @Roles('registrar')
  @ApiOperation({ summary: '解除限制 / lift a restriction' })
  liftRestriction(
    @Param('id', UuidParamPipe) id: string,
    @Body() body: LiftRestrictionDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<RestrictionView> {
    return this.restrictions.lift(id, body, actorOf(user));
  }
}
