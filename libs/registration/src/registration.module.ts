import { Global, Module } from '@nestjs/common';
import { AcceptanceService } from './acceptance.service';
import { ApplicationNotifier } from './application-notifier';
import { ApplicationTransitions } from './application-transitions';
import { ApplicationsService } from './applications.service';
import { CertificatesService } from './certificates.service';
import { DeadlinesService } from './deadlines.service';
import { IntakeService } from './intake.service';
import { WindowReportsService } from './window-reports.service';
import { PrecheckService } from './precheck.service';
import { RecordingService } from './recording.service';
import { RegistrationSweepService } from './registration-sweep.service';
import { RoutingService } from './routing.service';
import { WorkflowService } from './workflow.service';

const SERVICES = [
  AcceptanceService,
  ApplicationNotifier,
  ApplicationTransitions,
  ApplicationsService,
  CertificatesService,
  DeadlinesService,
  IntakeService,
  PrecheckService,
  RecordingService,
  RegistrationSweepService,
  RoutingService,
  WindowReportsService,
  WorkflowService,
];

@Global()
@Module({ providers: SERVICES, exports: SERVICES })
export class RegistrationModule {}
