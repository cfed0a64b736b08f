import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { freePort } from './processes';

/** The project's own Mailpit binary (scripts/ensure-mailpit.sh builds it into .tools/). */
export const MAILPIT_BIN = path.join(__dirname, '../../.tools/mailpit');

export interface MailpitServer {
  /** SMTP on 127.0.0.1. */
  smtpPort: number;
  /** HTTP API: http://127.0.0.1:<port>. */
  url: string;
  stop(): Promise<void>;
}

const smtpAnswers = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    s.once('data', (d) => (s.destroy(), resolve(d.toString().startsWith('220'))));
    s.once('error', () => resolve(false));
  });

/**
 * A real SMTP server that keeps what it receives in memory for its HTTP API, on loopback ports
 * (free ones unless given: a test that stops its server starts it again on the same port). No
 * limit on the messages kept, no reverse DNS look-ups, no second copy of a Message-ID and no update check.
 */
export async function startMailpit(ports: { smtpPort?: number; httpPort?: number } = {}): Promise<MailpitServer> {
  const smtpPort = ports.smtpPort ?? (await freePort());
  const httpPort = ports.httpPort ?? (await freePort());
  const child = spawn(
    MAILPIT_BIN,
    [
      '--smtp',
      `127.0.0.1:${smtpPort}`,
      '--listen',
      `127.0.0.1:${httpPort}`,
      '--max',
      '0',
      '--smtp-disable-rdns',
      // Like a receiver that recognises a copy: a message sent again after a crash keeps its Message-ID.
      '--ignore-duplicate-ids',
      '--disable-version-check',
      '--quiet',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${httpPort}`;
  const until = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Mailpit exited (${child.exitCode}) at start: ${stderr.trim()}`);
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready && (await smtpAnswers(smtpPort))) break;
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`Mailpit did not answer on ${url} and SMTP port ${smtpPort} within 30 s: ${stderr.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    smtpPort,
    url,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killed = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5000))]);
      if (!killed) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}
