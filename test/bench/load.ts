import autocannon from 'autocannon';

export type Cannon = autocannon.Options;

/**
 * Runs autocannon and hands every response (its client, status and time in ms) to onResponse,
 * so that the bench computes exact percentiles (autocannon's own histogram has no p95).
 */
export function fire(
  opts: Cannon,
  onResponse: (client: autocannon.Client, status: number, ms: number) => void,
): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
    instance.on('response', (client, status, _bytes, ms) => onResponse(client, status, ms));
  });
}
