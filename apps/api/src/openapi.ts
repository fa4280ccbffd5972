import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** The public contract as served at /api/docs-json; the web client's types are generated from it. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
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
}
