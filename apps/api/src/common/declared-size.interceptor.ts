import { CallHandler, ExecutionContext, Injectable, mixin, NestInterceptor, Type } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Observable } from 'rxjs';
import { DomainError, DomainErrorCode } from './domain-error';

/** Room for the multipart boundaries and the other form fields around the file. */
const MULTIPART_OVERHEAD = 1024 * 1024;

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const bytes = (n: number): string => (n >= GiB ? `${+(n / GiB).toFixed(2)} GiB` : `${+(n / MiB).toFixed(1)} MiB`);

/**
 * Refuses an upload whose declared size (Content-Length) is over the limit before a byte of it is
 * read: multer's own limit stops a file only once that much has arrived, which for a declared
 * 2 GiB means reading 1 GiB first. The connection is closed with the answer, so the client stops
 * sending. Uploads without a declared size (chunked) are still cut off by multer's limit.
 * Placed before FileInterceptor: `@UseInterceptors(DeclaredSizeLimit(MAX), FileInterceptor('file'))`.
 */
export function DeclaredSizeLimit(maxFileBytes: number): Type<NestInterceptor> {
  @Injectable()
  class DeclaredSizeInterceptor implements NestInterceptor {
    intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
      const http = context.switchToHttp();
      const declared = Number(http.getRequest<Request>().headers['content-length'] ?? 0);
      if (declared > maxFileBytes + MULTIPART_OVERHEAD) {
        http.getResponse<Response>().setHeader('Connection', 'close');
        throw new DomainError(
          DomainErrorCode.PAYLOAD_TOO_LARGE,
          `the upload declares ${declared} bytes (${bytes(declared)}); a file may have at most ${bytes(maxFileBytes)}`,
        );
      }
      return next.handle();
    }
  }
  return mixin(DeclaredSizeInterceptor);
}
