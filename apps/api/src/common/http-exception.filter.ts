import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ERROR_STATUS } from '@tdgen/contracts';
import type { Response } from 'express';
import { Prisma } from '../generated/prisma/client';
import { ApiException } from './api-exception';
import { databaseUnavailable, isDatabaseUnavailable } from './database-unavailable';
import { MAX_JSON_DEPTH } from './json-depth';

/** What body-parser (and the depth check) attach to the errors they raise: `type` names the failure. */
interface BodyParserError {
  status?: unknown;
  type?: unknown;
  limit?: unknown;
  message?: unknown;
}

/**
 * Every error leaves as `{statusCode, error, code, message, ...params}` (docs/product.md § Errors): an
 * ApiException as thrown; anything else — Nest's own exceptions (an unknown route), body-parser
 * errors, database errors bad input can still provoke — is given the code of its kind here. What
 * remains is a logged 500 without details.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    const error = apiErrorOf(exception, this.logger);
    const body = error.body as { retryAfterS?: unknown };
    if (typeof body.retryAfterS === 'number') res.setHeader('Retry-After', String(body.retryAfterS));
    res.status(error.getStatus()).json(error.body);
  }
}

/**
 * The ApiException a failure is answered with (the filter's, and the lean routes' of
 * `lean-routes/`): a lost database is not the request's fault and not a reason to sign anyone
 * out (503, retry); anything unknown is logged and becomes a 500 without details.
 */
export function apiErrorOf(exception: unknown, logger: Logger): ApiException {
  if (isDatabaseUnavailable(exception)) return databaseUnavailable();
  if (exception instanceof ApiException) return exception;
  // Nest's Express adapter wraps body-parser's errors in an HttpException; the cause says what failed.
  const parserError = fromBodyParserError(
    (exception instanceof HttpException ? exception.cause : exception) as BodyParserError | null,
  );
  if (parserError) return parserError;
  if (exception instanceof HttpException) return fromForeignHttpException(exception);
  if (exception instanceof Prisma.PrismaClientKnownRequestError) {
    if (exception.code === 'P2002')
      return new ApiException('CONFLICT', {}, 'A record with these values already exists');
    if (exception.code === 'P2025') return new ApiException('NOT_FOUND', { records: [] }, 'The record does not exist');
    if (exception.code === 'P2000') {
      const column = (exception.meta as { column_name?: unknown } | undefined)?.column_name;
      const field = typeof column === 'string' ? column : '';
      return new ApiException(
        'VALIDATION_FAILED',
        { fields: [{ field, rules: ['maxLength'] }] },
        'A value is too long',
      );
    }
  }
  logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
  return new ApiException('INTERNAL', {}, 'Internal server error');
}

/** An HttpException not thrown as ApiException (Nest's 404 for an unknown route, a library's): coded by its status. */
function fromForeignHttpException(exception: HttpException): ApiException {
  const status = exception.getStatus();
  const raw = exception.getResponse();
  const rawMessage = typeof raw === 'string' ? raw : (raw as { message?: unknown }).message;
  const message =
    typeof rawMessage === 'string' || Array.isArray(rawMessage) ? (rawMessage as string | string[]) : exception.message;
  switch (status) {
    case ERROR_STATUS.UNAUTHENTICATED:
      return new ApiException('UNAUTHENTICATED', {}, message);
    case ERROR_STATUS.FORBIDDEN:
      return new ApiException('FORBIDDEN', {}, message);
    case ERROR_STATUS.NOT_FOUND:
      return new ApiException('NOT_FOUND', { records: [] }, message);
    case ERROR_STATUS.CONFLICT:
      return new ApiException('CONFLICT', {}, message);
    case ERROR_STATUS.PAYLOAD_TOO_LARGE:
      return new ApiException('PAYLOAD_TOO_LARGE', { limitBytes: null }, message);
    case ERROR_STATUS.UNSUPPORTED_MEDIA_TYPE:
      return new ApiException('UNSUPPORTED_MEDIA_TYPE', {}, message);
    case ERROR_STATUS.RATE_LIMITED:
      return new ApiException('RATE_LIMITED', { retryAfterS: null }, message);
    default:
      return status >= 500
        ? new ApiException('INTERNAL', {}, message, status)
        : new ApiException('BAD_REQUEST', {}, message, status);
  }
}

/** body-parser errors (malformed JSON, too large, too deep, unsupported charset) carry their own status. */
function fromBodyParserError(error: BodyParserError | null): ApiException | null {
  const status = error?.status;
  if (!error || typeof error.type !== 'string' || typeof status !== 'number' || status < 400 || status >= 500) {
    return null;
  }
  const message = typeof error.message === 'string' ? error.message : 'The request body cannot be read';
  switch (error.type) {
    case 'entity.parse.failed':
      return new ApiException('MALFORMED_BODY', { reason: 'syntax' }, message);
    case 'entity.too.deep':
      return new ApiException('MALFORMED_BODY', { reason: 'too-deep', maxDepth: MAX_JSON_DEPTH }, message);
    case 'entity.too.large':
      return new ApiException(
        'PAYLOAD_TOO_LARGE',
        { limitBytes: typeof error.limit === 'number' ? error.limit : null },
        message,
      );
  }
  if (status === ERROR_STATUS.UNSUPPORTED_MEDIA_TYPE) return new ApiException('UNSUPPORTED_MEDIA_TYPE', {}, message);
  return new ApiException('BAD_REQUEST', {}, message, status);
}
