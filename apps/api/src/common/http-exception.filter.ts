import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { Prisma } from '../generated/prisma/client';
import { DATABASE_RETRY_AFTER_S, databaseUnavailable, isDatabaseUnavailable } from './database-unavailable';

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * Every error leaves as `{statusCode, error, message, ...}` (docs/product.md § Errors). Known database errors
 * that bad input can still provoke become 4xx; anything else is a logged 500 without details.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    // A lost database is not the request's fault and not a reason to sign anyone out: 503, retry.
    const error = isDatabaseUnavailable(exception) ? databaseUnavailable() : exception;
    const { status, body } = this.toBody(error);
    if (status === HttpStatus.SERVICE_UNAVAILABLE) res.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_S));
    if (typeof body['retryAfterS'] === 'number') res.setHeader('Retry-After', String(body['retryAfterS']));
    res.status(status).json(body);
  }

  private toBody(exception: unknown): { status: number; body: Record<string, unknown> } {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const raw = exception.getResponse();
      const body = typeof raw === 'string' ? { message: raw } : (raw as Record<string, unknown>);
      return {
        status,
        body: {
          statusCode: status,
          error: body['error'] ?? STATUS_TEXT[status] ?? exception.name,
          message: body['message'] ?? exception.message,
          ...body,
        },
      };
    }
    // body-parser errors (malformed JSON, payload too large) carry their own status.
    const parserStatus = (exception as { status?: number; type?: string })?.status;
    if (typeof parserStatus === 'number' && parserStatus >= 400 && parserStatus < 500) {
      return {
        status: parserStatus,
        body: {
          statusCode: parserStatus,
          error: STATUS_TEXT[parserStatus] ?? 'Bad Request',
          message: (exception as Error).message,
        },
      };
    }
    if (exception instanceof Prisma.PrismaClientKnownRequestError) {
      if (exception.code === 'P2002')
        return this.simple(HttpStatus.CONFLICT, 'A record with these values already exists');
      if (exception.code === 'P2025') return this.simple(HttpStatus.NOT_FOUND, 'The record does not exist');
      if (exception.code === 'P2000') return this.simple(HttpStatus.BAD_REQUEST, 'A value is too long');
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    return this.simple(HttpStatus.INTERNAL_SERVER_ERROR, 'Internal server error');
  }

  private simple(status: number, message: string) {
    return { status, body: { statusCode: status, error: STATUS_TEXT[status], message } };
  }
}
