import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** Far beyond any list the platform holds at 100 a page, yet an offset PostgreSQL takes. */
export const MAX_PAGE = 1_000_000;

export class PageQuery {
  /** 页码，从1开始（最大 1000000） */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  // Without a ceiling `1e300` is a whole number, and the offset it makes is one PostgreSQL refuses.
  @Max(MAX_PAGE)
  page = 1;

  /** 每页条数（最多100） */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize = 20;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export function pageArgs(q: PageQuery): { skip: number; take: number } {
  return { skip: (q.page - 1) * q.pageSize, take: q.pageSize };
}
