import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@app/identity';
import { StatisticsService, TransactionStatistics } from '@app/market';
import { TransactionStatsQuery } from './market-reports.dto';

@ApiTags('market')
@Controller('stats')
export class StatisticsController {
  constructor(private readonly statistics: StatisticsService) {}

  @Get('transactions')
  @Public()
  @ApiOperation({
    summary:
      '交易统计 / volume, area and value of recorded trades by district, kind or month; declared price against the benchmark; idle land revitalised (public, aggregates only)',
  })
  transactions(@Query() query: TransactionStatsQuery): Promise<TransactionStatistics> {
    return this.statistics.transactions(query);
  }
}
