import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/**
 * A list route's answer, `common/pagination.ts` `Page<T>`: one page of `model` and the total, and
 * the `extra` properties the route adds beside them (always present).
 */
export function ApiPage(model: Type<unknown>, description: string, extra: Record<string, SchemaObject> = {}): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(model),
    ApiOkResponse({
      description,
      schema: {
        type: 'object',
        required: ['items', 'total', 'page', 'pageSize', ...Object.keys(extra)],
        properties: {
          items: { type: 'array', items: { $ref: getSchemaPath(model) } },
          total: { type: 'integer', minimum: 0 },
          page: { type: 'integer', minimum: 1 },
          pageSize: { type: 'integer', minimum: 1 },
          ...extra,
        },
      },
    }),
  );
}
