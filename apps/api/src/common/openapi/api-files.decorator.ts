import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/**
 * A multipart upload: the binary part `file` and the small text fields beside it, as the route's
 * interceptor takes them (one file, a few fields). `fields` are the DTO's, which validates them.
 */
export function ApiFileUpload(fields: Record<string, SchemaObject>, description: string): MethodDecorator {
  return applyDecorators(
    ApiConsumes('multipart/form-data'),
    ApiBody({
      description,
      schema: {
        type: 'object',
        required: [...Object.keys(fields), 'file'],
        properties: { ...fields, file: { type: 'string', format: 'binary', description: '文件 / the file' } },
      },
    }),
  );
}

/** A route that answers with a file (attachment, document, ledger) rather than JSON. */
export function ApiFileDownload(mediaTypes: string[], description: string): MethodDecorator {
  const binary = { type: 'string', format: 'binary' } as const;
  return applyDecorators(
    ApiProduces(...mediaTypes),
    ApiOkResponse({
      description,
      content: Object.fromEntries(mediaTypes.map((type) => [type, { schema: binary }])),
    }),
  );
}
