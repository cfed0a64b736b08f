import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse } from '@nestjs/swagger';
import { ErrorBodyDto } from './error-body.dto';

/** The refusals the API answers with, each in the one ErrorBodyDto shape. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 429 | 503;

const problem = (field: string, rule: string, message: string) => ({ field, rule, message });

/** What each status means here, and one real answer of it (the messages are the API's own). */
const ERRORS: Record<ErrorStatus, { description: string; examples: Record<string, object> }> = {
  400: {
    description: '请求有误：每个有问题的字段与规则 / bad input: every field and rule at once',
    examples: {
      validation: {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: '请求参数有误: roundId (isUuid), requestedAmount (isPositiveMoney)',
        errors: [
          problem('roundId', 'isUuid', 'roundId must be a UUID'),
          problem(
            'requestedAmount',
            'isPositiveMoney',
            'requestedAmount: 金额须为大于0的字符串（元，最多两位小数），例如 "1000.00" / money must be a decimal string above zero',
          ),
        ],
      },
      badId: { statusCode: 400, code: 'BAD_REQUEST', message: 'Validation failed (uuid is expected)' },
    },
  },
  401: {
    description: '未登录或登录已失效 / not signed in, or the session ended',
    examples: { unauthenticated: { statusCode: 401, code: 'UNAUTHENTICATED', message: '请先登录 / sign-in required' } },
  },
  403: {
    description: '角色、归属或辖区不允许 / the role, ownership or region does not allow it',
    examples: {
      forbidden: {
        statusCode: 403,
        code: 'FORBIDDEN',
        message: '角色 APPLICANT 无权执行此操作 / role not allowed',
        allowedRoles: ['PROGRAM_MANAGER', 'ADMIN'],
      },
      passwordChange: {
        statusCode: 403,
        code: 'PASSWORD_CHANGE_REQUIRED',
        message: '管理员已重置您的密码，请先修改密码 / your password was reset: change it before going on',
      },
    },
  },
  404: {
    description: '不存在或无权访问（他人的草稿亦然）/ not found, or not yours to see',
    examples: { notFound: { statusCode: 404, code: 'NOT_FOUND', message: 'application 7d9f… 不存在或无权访问 / not found' } },
  },
  409: {
    description: '当前阶段不允许、版本已过期或已存在 / the stage does not allow it, a stale version, or already taken',
    examples: {
      invalidTransition: {
        statusCode: 409,
        code: 'INVALID_TRANSITION',
        message: '当前阶段不允许此操作 / not allowed in the current stage',
        currentStage: 'ELIGIBILITY_REVIEW',
      },
      staleVersion: {
        statusCode: 409,
        code: 'STALE_VERSION',
        message: 'application 已被他人修改（当前版本 3，提交版本 2），请刷新后重试 / stale version',
        currentVersion: 3,
      },
    },
  },
  413: {
    description: '上传或请求体过大 / upload or body too large',
    examples: {
      tooLarge: {
        statusCode: 413,
        code: 'PAYLOAD_TOO_LARGE',
        message: 'file: 文件过大 / file too large',
        errors: [problem('file', 'maxSize', 'file: 文件过大 / file too large')],
      },
    },
  },
  429: {
    description: '请求过于频繁或账号暂时锁定，见 Retry-After / too many requests or account locked; see Retry-After',
    examples: {
      tooMany: {
        statusCode: 429,
        code: 'TOO_MANY_REQUESTS',
        message: '尝试次数过多，请稍后再试 / too many attempts, retry later',
        retryAfterSeconds: 60,
      },
    },
  },
  503: {
    description: '数据库或流程引擎暂不可用，见 Retry-After / the database or Temporal is unavailable; see Retry-After',
    examples: {
      temporal: {
        statusCode: 503,
        code: 'DEPENDENCY_UNAVAILABLE',
        message: '流程引擎暂不可用，请稍后重试 / Temporal is unavailable, retry later',
        dependency: 'temporal',
      },
    },
  },
};

const RETRY_AFTER = { 'Retry-After': { description: '秒 / seconds', schema: { type: 'integer' } } };

/**
 * Documents the refusals a route (or every route of a controller) can answer, each with the shared
 * ErrorBodyDto schema and real examples. @Roles, @Public, @Decides and @RateLimit already add the
 * statuses they imply (401/403, 503, 409, 429); name the rest where the route has them:
 * `@ApiErrors(400, 404)` for a route with a body or an id.
 */
export function ApiErrors(...statuses: ErrorStatus[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ErrorBodyDto),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: ERRORS[status].description,
        type: ErrorBodyDto,
        headers: status === 429 || status === 503 ? RETRY_AFTER : undefined,
        examples: Object.fromEntries(Object.entries(ERRORS[status].examples).map(([summary, value]) => [summary, { summary, value }])),
      }),
    ),
  );
}
