'use strict';
// Waits until a Temporal frontend accepts visibility queries on every custom search attribute.
// The dev server registers attributes given with --search-attribute at start, but its
// namespace cache picks them up a few seconds later; a workflow that upserts one before then
// fails its task with BadSearchAttributes. A server just launched on a busy machine may take
// longer than the client's 10 s connect deadline to open its port, so connecting is retried too.
const { Client, Connection } = require('@temporalio/client');

async function connectWithin(address, until) {
  for (;;) {
    try {
      return await Connection.connect({ address, connectTimeout: 5000 });
    } catch (e) {
      if (Date.now() > until) throw new Error(`Temporal at ${address} not reachable: ${e && e.message}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

async function waitForSearchAttributes({ address, namespace = 'default', names, timeoutMs = 90000 }) {
  const until = Date.now() + timeoutMs;
  const connection = await connectWithin(address, until);
  const client = new Client({ connection, namespace });
  let lastError;
  try {
    for (;;) {
      try {
        for (const name of names) {
          await client.workflowService.listWorkflowExecutions({ namespace, pageSize: 1, query: `${name} = '__probe__'` });
        }
        return;
      } catch (e) {
        lastError = e;
      }
      if (Date.now() > until) throw new Error(`search attributes not ready after ${timeoutMs} ms: ${lastError && lastError.message}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await connection.close();
  }
}

exports.waitForSearchAttributes = waitForSearchAttributes;
