'use strict';
// Waits until a Temporal frontend accepts visibility queries on every custom search attribute.
// The dev server registers attributes given with --search-attribute at start, but its
// namespace cache picks them up a few seconds later; a workflow that upserts one before then
// fails its task with BadSearchAttributes.
const { Client, Connection } = require('@temporalio/client');

async function waitForSearchAttributes({ address, namespace = 'default', names, timeoutMs = 90000 }) {
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace });
  const until = Date.now() + timeoutMs;
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
