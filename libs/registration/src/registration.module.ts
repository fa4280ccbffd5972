import { Global, Module } from '@nestjs/common';
import { ApplicationNotifier } from './application-notifier';
import { ApplicationTransitions } from './application-transitions';
import { ApplicationsService } from './applications.service';
import { CertificatesService } from './certificates.service';
import { DeadlinesService } from './deadlines.service';
import { PrecheckService } from './precheck.service';
import { RecordingService } from './recording.service';
import { RegistrationSweepService } from './registration-sweep.service';
import { RoutingService } from './routing.service';
import { WorkflowService } from './workflow.service';

const SERVICES = [
  ApplicationNotifier,
  ApplicationTransitions,
  ApplicationsService,
  CertificatesService,
  DeadlinesService,
  PrecheckService,
  RecordingService,
  RegistrationSweepService,
  RoutingService,
  WorkflowService,
];

@Global()
@Module({ providers: SERVICES, exports: SERVICES })
export class RegistrationModule {}
