import { INestApplication, Logger, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { API_PREFIX } from '@tdgen/contracts';
import cookieParser from 'cookie-parser';
import { AppModule } from './app.module';
import type { AppConfig } from './config/app-config';
import { serveWebApp } from './web-app/serve-web-app';

/** Builds the application exactly as production runs it; tests use the same function. */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: config.logLevels,
    bodyParser: true,
  });
  app.useBodyParser('json', { limit: '256kb' });
  // navigator.sendBeacon posts text/plain; the lock-release endpoint parses it as JSON.
  app.useBodyParser('text', { limit: '16kb' });
  app.set('trust proxy', 'loopback');
  app.set('x-powered-by', false);
  app.use(cookieParser());
  app.setGlobalPrefix(API_PREFIX);
  if (config.webRoot) serveWebApp(app, config.webRoot);
  if (config.corsOrigin) app.enableCors({ origin: config.corsOrigin, credentials: true });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
      stopAtFirstError: false,
    }),
  );
  app.enableShutdownHooks();
  const openApi = new DocumentBuilder()
    .setTitle('TDGen API')
    .setDescription(
      'Job descriptions composed from a shared catalogue of job tasks, with pessimistic locks and live events.',
    )
    .setVersion('1.0')
    .addCookieAuth('tdgen_session')
    .build();
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, () => SwaggerModule.createDocument(app, openApi));
  return app;
}

export async function listen(app: INestApplication, port: number): Promise<void> {
  await app.listen(port);
  new Logger('TDGen').log(
    `Listening on http://localhost:${port} (API under /${API_PREFIX}, docs at /${API_PREFIX}/docs)`,
  );
}
