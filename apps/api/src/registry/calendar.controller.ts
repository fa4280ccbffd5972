import { Body, Controller, Get, Param, ParseIntPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsDefined,
  isISO8601,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { ApiError, AuthenticatedUser, CurrentUser } from '@app/common';
import { WorkingDayDeadline } from '@app/domain';
import { actorOf, Public, Roles } from '@app/identity';
import { CalendarService, CalendarYear } from '@app/registry';
import { trim } from '../identity/identity.dto';
import { DATE_ONLY, DATE_OPTIONS } from './registry.dto';

export class WorkingDaysQuery {
  @ApiProperty({ example: '2026-02-12', description: '起算日（不计入）' })
  @Matches(/^(20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}$/, {
    message: '须为 2000–2100 年的日期 / must be a date in 2000–2100',
  })
  @IsISO8601(DATE_OPTIONS)
  from!: string;

  @ApiProperty({ example: 5 })
  @Transform(({ value }) => (value === '' || value === undefined ? undefined : Number(value)))
  @IsDefined()
  @Max(3650)
  @Min(0)
  @IsInt()
  add!: number;
}

export class SetCalendarDayDto {
  @ApiProperty({ enum: ['holiday', 'workday'], nullable: true, description: 'null 恢复为按周末判断' })
  @ValidateIf((body: SetCalendarDayDto) => body.kind !== null)
  @IsIn(['holiday', 'workday'])
  kind!: 'holiday' | 'workday' | null;

  @ApiPropertyOptional({ example: '春节' })
  @IsOptional()
  @MaxLength(50)
  @IsString()
  name?: string;

  @ApiProperty({ example: '国务院办公厅关于2027年部分节假日安排的通知' })
  @trim
  @MaxLength(500)
  @IsNotEmpty()
  @IsString()
  reason!: string;
}

export class CoverYearDto {
  @ApiProperty({ example: '国务院办公厅关于2027年部分节假日安排的通知已全部录入' })
  @trim
  @MaxLength(500)
  @IsNotEmpty()
  @IsString()
  reason!: string;
}

function yearPipe() {
  return new ParseIntPipe({
    exceptionFactory: () =>
      ApiError.invalidField('year', 'isInt', {
        zh: '年份必须是四位整数',
        en: 'year must be a four-digit integer',
      }),
  });
}

function checkYear(year: number): void {
  if (year < 2000 || year > 2100) {
    throw ApiError.invalidField('year', 'range', {
      zh: '年份须在 2000 至 2100 之间',
      en: 'year must be 2000–2100',
    });
  }
}

@ApiTags('calendar')
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get('working-days')
  @Public()
  @ApiOperation({
    summary: '工作日推算 / adds N working days; the start day is not counted (民法典 art. 201)',
  })
  workingDays(@Query() query: WorkingDaysQuery): Promise<WorkingDayDeadline> {
    return this.calendar.addWorkingDays(query.from, query.add);
  }

  @Get(':year')
  @Public()
  @ApiOperation({ summary: '年度节假日与调休 / the holidays and make-up working days loaded for a year' })
  year(@Param('year', yearPipe()) year: number): Promise<CalendarYear> {
    checkYear(year);
    return this.calendar.year(year);
  }

  @Put('days/:date')
  @ApiBearerAuth()
  @Roles('admin')
  @ApiOperation({ summary: '设置某日为节假日或调休上班日 / mark a date (admin, audited)' })
  setDay(
    @Param('date') date: string,
    @Body() body: SetCalendarDayDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<CalendarYear> {
    if (!DATE_ONLY.test(date) || !isISO8601(date, DATE_OPTIONS)) {
      throw ApiError.invalidField('date', 'isDate', {
        zh: '日期格式须为 YYYY-MM-DD',
        en: 'must be a YYYY-MM-DD date',
      });
    }
    checkYear(Number(date.slice(0, 4)));
    return this.calendar.setDay(date, body, actorOf(user));
  }

  @Post(':year/cover')
  @ApiBearerAuth()
  @Roles('admin')
  @ApiOperation({ summary: '确认年度日历已完整录入 / declare a year’s notice entered (admin)' })
  cover(
    @Param('year', yearPipe()) year: number,
    @Body() body: CoverYearDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<CalendarYear> {
    checkYear(year);
    return this.calendar.coverYear(year, body.reason, actorOf(user));
  }
}
