import { INestApplication, RequestMethod } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { requestContextMiddleware } from './common/context/request-context';
import { AllExceptionsFilter } from './common/http/all-exceptions.filter';
import { answerUnparsableRequests } from './common/http/client-errors';
import { AppValidationPipe } from './common/http/validation';
import { AppConfig } from './config/app-config.service';
import { CSV_MEDIA_TYPES } from './modules/listings/import/listing-import-file';
import { httpMetricsMiddleware } from './modules/metrics/metrics.module';
import { queueDashboard } from './modules/queue-dashboard/queue-dashboard.module';

export const API_PREFIX = 'api/v1';

/** Everything main.ts applies to the HTTP app, shared with the e2e tests so they test the same app. */
export function configureApp(app: NestExpressApplication): INestApplication {
  const config = app.get(AppConfig);
  app.useBodyParser('json', { limit: config.http.bodyLimit });
  app.useBodyParser('urlencoded', { limit: config.http.bodyLimit, extended: false });
  app.useBodyParser('text', { type: CSV_MEDIA_TYPES, limit: config.http.bodyLimit });
  app.use(httpMetricsMiddleware(app));
  app.use(requestContextMiddleware);
  app.use(helmet());
  app.use('/admin/queues', queueDashboard(app));
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(
    new AppValidationPipe(),
  );
  app.useGlobalFilters(new AllExceptionsFilter());
  app.enableShutdownHooks();
  answerUnparsableRequests(app.getHttpServer());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('techbridge API')
      .setDescription('Technology-transfer matchmaking between China and the ASEAN countries')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
