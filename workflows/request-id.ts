/**
 * The request id of the HTTP call that caused a decision travels with it: the API's Temporal
 * client puts it in this header of the update, signal or start; the workflow's interceptors
 * (request-id.interceptors.ts) pass it on to every activity the handler schedules; the worker
 * logs it beside each activity. One decision can then be followed through both processes' logs.
 */
export const REQUEST_ID_HEADER = 'psp-request-id';

/** What an incoming X-Request-Id may be to be kept (a proxy's id); anything else is replaced. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{8,64}$/;
