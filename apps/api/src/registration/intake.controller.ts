import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiError, AuthenticatedUser, CurrentUser, hasAnyRole, UuidParamPipe } from '@app/common';
import { wuhaiDate } from '@app/domain';
import { actorOf, Public, Roles } from '@app/identity';
import {
  DayListEntry,
  IntakeResult,
  IntakeService,
  PublicStatus,
  WindowDaySummary,
  WindowReportsService,
} from '@app/registration';
import {
  DayQuery,
  IntakeDto,
  PresentationDto,
  PublicStatusQuery,
  toPresentation,
  WindowReportQuery,
} from './intake.dto';

const ACCEPTANCE_NUMBER = /^SL[A-Z]{2,4}[0-9]{12}$/;

@ApiTags('window intake')
@ApiBearerAuth()
@Controller()
export class IntakeController {
  constructor(
    private readonly intake: IntakeService,
    private readonly reports: WindowReportsService,
  ) {}

  @Post('intake')
  @Roles('clerk')
  @ApiOperation({
    summary: '窗口受理 / file an application for the people at the counter (clerk)',
    description:
      'Decides on the spot: `accepted` with a receipt (acceptance number, pickup code, due date, PDF), or ' +
      '`refused` with a one-time notice listing every missing item and blocking finding; the draft is kept.',
  })
  create(@Body() body: IntakeDto, @CurrentUser() clerk: AuthenticatedUser): Promise<IntakeResult> {
    return this.intake.intake(
      {
        ...body,
        counterparty: body.counterparty && {
          partyId: body.counterparty.partyId,
          party: body.counterparty.party?.toInput(),
        },
        ...toPresentation(body),
      },
      clerk,
      { ...actorOf(clerk), id: clerk.id },
    );
  }

  @Post('intake/applications/:id')
  @Roles('clerk')
  @ApiOperation({
    summary:
      '窗口补件受理 / take in an existing application: this window’s refused draft, or an online submission (clerk)',
  })
  present(
    @Param('id', UuidParamPipe) id: string,
    @Body() body: PresentationDto,
    @CurrentUser() clerk: AuthenticatedUser,
  ): Promise<IntakeResult> {
    return this.intake.present(id, toPresentation(body), clerk, { ...actorOf(clerk), id: clerk.id });
  }

  @Get('intake/day-list')
  @Roles('clerk', 'admin', 'auditor')
  @ApiOperation({ summary: '窗口日清单 / a window’s intakes of one day (clerks: their own window)' })
  dayList(@Query() query: DayQuery, @CurrentUser() user: AuthenticatedUser): Promise<DayListEntry[]> {
    const windowId = this.windowOf(user, query.windowId, {
      zh: '只能查看本窗口的清单',
      en: 'Only your own window’s list',
    });
    if (!windowId) {
      throw ApiError.invalidField('windowId', 'required', {
        zh: '请指定窗口',
        en: 'windowId is required',
      });
    }
    return this.reports.dayList(windowId, query.date ?? wuhaiDate());
  }

  @Get('intake/:intakeId/pdf')
  @ApiOperation({
    summary: '受理凭证或一次性告知书 PDF / the receipt or one-time notice of an intake',
  })
  async pdf(
    @Param('intakeId', UuidParamPipe) intakeId: string,
    @CurrentUser() user: AuthenticatedUser,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { pdf, filename } = await this.intake.document(intakeId, user);
    await reply
      .header('Content-Type', 'application/pdf')
      .header('Content-Length', String(pdf.length))
      .header('Content-Disposition', `inline; filename="${filename}"`)
      .send(pdf);
  }

  @Get('windows/reports/daily')
  @Roles('clerk', 'admin', 'auditor')
  @ApiOperation({
    summary:
      '窗口日报 / per-window daily summary as JSON or CSV (admin, auditor: every window; clerks: their own window)',
  })
  async daily(
    @Query() query: WindowReportQuery,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WindowDaySummary[] | string> {
    const date = query.date ?? wuhaiDate();
    const windowId = this.windowOf(user, query.windowId, {
      zh: '只能查看本窗口的日报',
      en: 'Only your own window’s report',
    });
    const summaries = await this.reports.daily(date, windowId);
    if (query.format !== 'csv') return summaries;
    reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="window-report-${date}.csv"`);
    return this.reports.toCsv(summaries);
  }

  @Get('public/status/:acceptanceNumber')
  @Public()
  @ApiOperation({
    summary: '办理进度查询 / public status of an accepted application, with the pickup code from the receipt',
  })
  status(
    @Param('acceptanceNumber') acceptanceNumber: string,
    @Query() query: PublicStatusQuery,
  ): Promise<PublicStatus> {
    if (!ACCEPTANCE_NUMBER.test(acceptanceNumber)) {
      throw ApiError.invalidField('acceptanceNumber', 'format', {
        zh: '受理编号格式不正确',
        en: 'an acceptance number looks like SLZX202611270001',
      });
    }
    return this.intake.publicStatus(acceptanceNumber, query.code);
  }

  /**
   * The window a request may read: supervisors name any window (or none), a clerk only his own, which is
   * also what he gets without naming one.
   */
  private windowOf(
    user: AuthenticatedUser,
    requested: string | undefined,
    refusal: { zh: string; en: string },
  ): string | undefined {
    if (hasAnyRole(user, ['admin', 'auditor'])) return requested;
    if (!user.windowId) {
      throw ApiError.forbidden({ zh: '您未被分配到受理窗口', en: 'You are not assigned to a window' });
    }
    if (requested && requested !== user.windowId) throw ApiError.forbidden(refusal);
    return user.windowId;
  }
}
