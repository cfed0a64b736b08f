import { ValidationFailedError } from './errors';
import type { IncomingMessage } from 'node:http';

/** Deeper than any request the platform takes (an application's budget lines are 3 levels). */
export const MAX_JSON_DEPTH = 32;
/** Express's own default, written down: the largest JSON request is an application of a few kilobytes. */
export const JSON_BODY_LIMIT = '100kb';

const OPEN = new Set([0x7b, 0x5b]); // { [
const CLOSE = new Set([0x7d, 0x5d]); // } ]
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * How deep a JSON text nests, read from its bytes without parsing: quotes and escapes are followed
 * so brackets inside strings do not count. Stops as soon as `max` is passed.
 */
export function jsonDepthExceeds(buf: Buffer, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (OPEN.has(c)) {
      if (++depth > max) return true;
    } else if (CLOSE.has(c)) depth--;
  }
  return false;
}

/**
 * body-parser's `verify` hook for JSON: refuses a body nested deeper than MAX_JSON_DEPTH before it
 * is parsed, so class-transformer, class-validator and our own walks never recurse through it.
 * body-parser passes the error on with its status (400), and the exception filter names the field.
 */
export function refuseDeepJson(_req: IncomingMessage, _res: unknown, buf: Buffer): void {
  if (jsonDepthExceeds(buf)) {
    const message = `body: JSON 嵌套不能超过 ${MAX_JSON_DEPTH} 层 / JSON must not nest deeper than ${MAX_JSON_DEPTH} levels`;
    throw new ValidationFailedError([{ field: 'body', rule: 'maxDepth', message }]);
  }
}
