import fs from 'node:fs';
import path from 'node:path';
import { historyToJSONObject, type History } from './history-json';
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';

/** What a history file under test/replay/histories holds; `history` is Temporal's JSON form (as historyToJSON writes it). */
export interface RecordedHistory {
  workflowId: string;
  runId: string;
  workflowType: string;
  /** The execution's status when recorded: Running histories replay up to their last event. */
  status: string;
  recordedFrom: string;
  history: unknown;
}

const ROOT = path.resolve(__dirname, '../..');
export const DEFAULT_HISTORIES_DIR = path.join(ROOT, 'test/replay/histories');
/** A few per workflow type and test file: the ones that together cover the most event kinds. */
const PER_TYPE = 3;
/** Runs of one workflow id kept together, so a continue-as-new chain is replayed whole. */
const PER_CHAIN = 4;

/** The folder named by PSP_RECORD_HISTORIES ("1"/"true" mean the default), or undefined when not recording. */
export function recordingDir(): string | undefined {
  const v = process.env.PSP_RECORD_HISTORIES;
  if (!v) return undefined;
  return ['1', 'true', 'yes'].includes(v.toLowerCase()) ? DEFAULT_HISTORIES_DIR : path.resolve(ROOT, v);
}

interface Candidate {
  info: WorkflowExecutionInfo;
  history: History;
  kinds: Set<number>;
}

/**
 * Writes representative histories of the executions on `taskQueue` (call it before they are
 * terminated). Returns the files written.
 */
export async function recordHistories(client: Client, taskQueue: string, dir: string): Promise<string[]> {
  const testPath: string = (globalThis as { expect?: { getState(): { testPath?: string } } }).expect?.getState().testPath ?? 'unknown';
  const testName = path.basename(testPath).replace(/\.(test|spec)\.ts$/, '');
  const infos: WorkflowExecutionInfo[] = [];
  for await (const wf of client.workflow.list({ query: `TaskQueue = '${taskQueue}'` })) infos.push(wf);

  const candidates: Candidate[] = [];
  for (let i = 0; i < infos.length; i += 8) {
    const batch = infos.slice(i, i + 8);
    candidates.push(
      ...(await Promise.all(
        batch.map(async (info) => {
          const history = await client.workflow.getHandle(info.workflowId, info.runId).fetchHistory();
          return { info, history, kinds: new Set((history.events ?? []).map((e) => Number(e.eventType))) };
        }),
      )),
    );
  }

  const chosen = new Set<Candidate>();
  const byType = new Map<string, Candidate[]>();
  for (const c of candidates) byType.set(c.info.type, [...(byType.get(c.info.type) ?? []), c]);
  for (const group of byType.values()) for (const c of pick(group)) chosen.add(c);
  for (const c of [...chosen]) {
    const chain = candidates.filter((o) => o.info.workflowId === c.info.workflowId && o.info.runId !== c.info.runId);
    for (const o of chain.slice(0, PER_CHAIN - 1)) chosen.add(o);
  }

  fs.mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const c of chosen) {
    const file = nextFile(dir, `${c.info.type}--${testName}`);
    const record: RecordedHistory = {
      workflowId: c.info.workflowId,
      runId: c.info.runId,
      workflowType: c.info.type,
      status: c.info.status.name,
      recordedFrom: path.relative(ROOT, testPath),
      history: historyToJSONObject(c.history),
    };
    fs.writeFileSync(file, JSON.stringify(record, null, 1) + '\n');
    written.push(file);
  }
  return written;
}

/** Greedy cover of event kinds; a still-running execution (the real risk on deploy) is always among them. */
function pick(group: Candidate[]): Candidate[] {
  const rest = [...group].sort((a, b) => b.kinds.size - a.kinds.size || b.history.events!.length - a.history.events!.length);
  const picked: Candidate[] = [];
  const covered = new Set<number>();
  const take = (c: Candidate) => {
    picked.push(c);
    rest.splice(rest.indexOf(c), 1);
    c.kinds.forEach((k) => covered.add(k));
  };
  const running = rest.find((c) => c.info.status.name === 'RUNNING');
  if (running) take(running);
  while (picked.length < PER_TYPE && rest.length > 0) {
    const gain = (c: Candidate) => [...c.kinds].filter((k) => !covered.has(k)).length;
    const best = rest.reduce((a, b) => (gain(b) > gain(a) ? b : a));
    take(best);
  }
  return picked;
}

function nextFile(dir: string, stem: string): string {
  for (let n = 1; ; n++) {
    const file = path.join(dir, `${stem}--${n}.json`);
    if (!fs.existsSync(file)) return file;
  }
}
