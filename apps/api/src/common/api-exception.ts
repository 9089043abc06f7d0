import { HttpException } from '@nestjs/common';
import { ERROR_STATUS, type ApiErrorOf, type ErrorCode, type ErrorParams } from '@tdgen/contracts';

/** The words of each status, for the `error` field. */
export const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  423: 'Locked',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Codes whose `error` field carried the code before codes existed; it stays so for existing API users. */
const CODE_AS_ERROR = new Set<ErrorCode>(['LOCKED', 'LOCK_REQUIRED', 'DATABASE_UNAVAILABLE']);

/**
 * The one exception the API throws for a refused request (docs/product.md § Errors): a code of
 * libs/contracts, its typed parameters and English words. The status follows from the code;
 * `status` overrides it only for BAD_REQUEST and INTERNAL, which stand for other 4xx and 5xx.
 */
export class ApiException<C extends ErrorCode = ErrorCode> extends HttpException {
  constructor(
    readonly code: C,
    readonly params: ErrorParams[C],
    message: string | string[],
    status: number = ERROR_STATUS[code],
  ) {
    const body = {
      statusCode: status,
      error: CODE_AS_ERROR.has(code) ? code : (STATUS_TEXT[status] ?? 'Error'),
      code,
      message,
      ...params,
    } as unknown as ApiErrorOf<C>;
    super(body, status);
  }

  /** The body sent to the client. */
  get body(): ApiErrorOf<C> {
    return this.getResponse() as ApiErrorOf<C>;
  }
}
