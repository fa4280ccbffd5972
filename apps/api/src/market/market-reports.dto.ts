import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, Matches } from 'class-validator';
import { IsDistrictCode, PageQuery } from '@app/common';
import { LISTING_KINDS, ListingKind } from '@app/domain';
import { STATISTICS_GROUP_BY, StatisticsGroupBy } from '@app/market';
import { DATE_OPTIONS } from '../registry/registry.dto';

/** Years the statistics can be asked for; it also bounds how many months a `groupBy=month` answer lists. */
const STATISTICS_DATE = /^(20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}$/;
const STATISTICS_DATE_MESSAGE =
  '须为 2000–2100 年间 YYYY-MM-DD 格式的日期 / must be a date as YYYY-MM-DD in 2000–2100';

export class AnnouncementListQuery extends PageQuery {
  @ApiPropertyOptional({ example: '150302' })
  @IsOptional()
  @IsDistrictCode()
  districtCode?: string;

  @ApiPropertyOptional({ enum: LISTING_KINDS })
  @IsOptional()
  @IsIn(LISTING_KINDS)
  kind?: ListingKind;
}

export class TransactionStatsQuery {
  @ApiPropertyOptional({
    example: '2026-01-01',
    description: '登簿日期起（含，北京时间）；缺省为 to 所在年或本年 1 月 1 日',
  })
  @IsOptional()
  @Matches(STATISTICS_DATE, { message: STATISTICS_DATE_MESSAGE })
  @IsISO8601(DATE_OPTIONS, { message: STATISTICS_DATE_MESSAGE })
  from?: string;

  @ApiPropertyOptional({
    example: '2026-12-31',
    description: '登簿日期止（含，北京时间）；缺省为 from 所在年或本年 12 月 31 日',
  })
  @IsOptional()
  @Matches(STATISTICS_DATE, { message: STATISTICS_DATE_MESSAGE })
  @IsISO8601(DATE_OPTIONS, { message: STATISTICS_DATE_MESSAGE })
  to?: string;

  @ApiPropertyOptional({ enum: STATISTICS_GROUP_BY, default: 'month' })
  @IsOptional()
  @IsIn(STATISTICS_GROUP_BY)
  groupBy: StatisticsGroupBy = 'month';
}
