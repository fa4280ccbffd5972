import type { IncomingMessage } from 'node:http';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AllExceptionsFilter, createValidationPipe, requestIdFromHeaders } from '@app/common';
import { loadConfiguration } from '@app/config';
import { ApiModule, ApiModuleOptions } from './api.module';
import { mountQueueDashboard } from './system/queue-dashboard';

export const API_PREFIX = 'api/v1';

/** Shared by `main.ts` and the integration tests, so tests exercise exactly what production runs. */
export async function createApiApp(options: ApiModuleOptions = {}): Promise<NestFastifyApplication> {
  const { app: appConfig, storage } = loadConfiguration();
  const adapter = new FastifyAdapter({
    bodyLimit: 1024 * 1024,
    trustProxy: appConfig.trustedProxyHops > 0 ? appConfig.trustedProxyHops : false,
    genReqId: (request: IncomingMessage) => requestIdFromHeaders(request.headers),
  });
  adapter.getInstance().addHook('onRequest', (request, reply, done) => {
    void reply.header('X-Request-Id', request.id);
    done();
  });
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(options), adapter, {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.enableShutdownHooks();

  await app.register(multipart, { limits: { fileSize: storage.fileMaxBytes, files: 1, fields: 5 } });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
      },
    },
  });

  // bull-board is a Fastify plugin, not a Nest controller, so it is mounted here, after helmet, and checks
  // admin tokens itself: the global guard never runs for routes outside Nest.
  await mountQueueDashboard(app);

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('乌海市土地二级市场交易平台 API')
      .setDescription(
        'Wuhai land secondary-market trading platform. Errors are `{ statusCode, error, message, details? }` ' +
          'with messages in Chinese and English. POSTs that create something accept an `Idempotency-Key` header.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
