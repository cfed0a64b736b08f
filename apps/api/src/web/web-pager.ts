/** Server-side pages of a list: the page a query asks for, and the links around it. */
export interface Pager {
  page: number;
  pages: number;
  prevHref?: string;
  nextHref?: string;
}

/** `?page=` leniently: anything that is not a positive whole number is page 1. */
export function pageNumber(raw: unknown): number {
  const n = typeof raw === 'string' && /^\d{1,6}$/.test(raw) ? Number(raw) : 1;
  return n >= 1 ? n : 1;
}

/** Undefined when everything fits on one page, so templates show no pagination at all. */
export function pager(total: number, page: number, pageSize: number, href: (page: number) => string): Pager | undefined {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return undefined;
  return {
    page,
    pages,
    prevHref: page > 1 ? href(Math.min(page - 1, pages)) : undefined,
    nextHref: page < pages ? href(page + 1) : undefined,
  };
}
