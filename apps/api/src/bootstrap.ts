import { INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { API_PREFIX } from '@tdgen/contracts';
import cookieParser from 'cookie-parser';
import { AppModule } from './app.module';
import { LockModel } from './common/api-docs';
import { documentErrors } from './common/error-docs';
import { JSON_BODY, TEXT_BODY } from './common/body-parsing';
import { ApiValidationPipe } from './common/validation-pipe';
import { useSecurityHeaders } from './common/security-headers';
import type { AppConfig } from './config/app-config';
import { LeanRoutes } from './lean-routes/lean-routes';
import { serveWebApp } from './web-app/serve-web-app';

/** Builds the application exactly as production runs it; tests use the same function. */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: config.logLevels,
    bodyParser: true,
  });
  // First, so that every response carries them, errors of the body parsers included.
  useSecurityHeaders(app);
  // Nest's typings omit body-parser's `verify`, but pass it on; it refuses over-deep bodies.
  app.useBodyParser('json', JSON_BODY);
  app.useBodyParser('text', TEXT_BODY);
  // Client address, protocol and host come from X-Forwarded-* only when a trusted proxy sent them.
  app.set('trust proxy', config.trustProxy);
  app.set('x-powered-by', false);
  app.use(cookieParser());
  app.setGlobalPrefix(API_PREFIX);
  if (config.webRoot) serveWebApp(app, config.webRoot);
  if (config.corsOrigin) app.enableCors({ origin: config.corsOrigin, credentials: true });
  app.useGlobalPipes(new ApiValidationPipe());
  app.enableShutdownHooks();
  // Off in production unless API_DOCS=true: the document maps every endpoint for an attacker too.
  if (config.apiDocs) SwaggerModule.setup(`${API_PREFIX}/docs`, app, () => openApiDocument(app));
  // The hottest routes' common case is answered before Express (ADR 0020); everything else goes on to it.
  LeanRoutes.install(app);
  return app;
}

/** The OpenAPI document of the running application (also what the bad-input sweep walks). */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const openApi = new DocumentBuilder()
    .setTitle('TDGen API')
    .setDescription(
      'Job descriptions composed from a shared catalogue of job tasks, with pessimistic locks and live events.',
    )
    .setVersion('1.0')
    .addCookieAuth('tdgen_session')
    .build();
  return documentErrors(SwaggerModule.createDocument(app, openApi, { extraModels: [LockModel] }));
}

export async function listen(app: INestApplication, config: AppConfig): Promise<void> {
  const port = config.port;
  await app.listen(port);
  new Logger('TDGen').log(
    `Listening on http://localhost:${port} (API under /${API_PREFIX}${config.apiDocs ? `, docs at /${API_PREFIX}/docs` : ''})`,
  );
}
