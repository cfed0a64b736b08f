import net from 'node:net';

/**
 * An SMTP relay of the tests' own between a sender and a real server (Mailpit), which can hold
 * back the server's answer to the end of a message's DATA: the server has the message, the sender
 * does not know it yet — the moment a sender that dies loses the knowledge that it sent. It counts
 * every message that passed through, by its X-PSP-Outbox-Id header.
 */
export class SmtpHoldProxy {
  /** How many times each outbox row's message went through to the server. */
  readonly passed = new Map<string, number>();
  private holdNextReply = false;
  private onHeld?: (outboxId: string) => void;
  private readonly sockets = new Set<net.Socket>();
  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  static async start(upstreamPort: number): Promise<SmtpHoldProxy> {
    const relays: { proxy?: SmtpHoldProxy } = {};
    const server = net.createServer((client) => relays.proxy?.relay(client, upstreamPort));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    relays.proxy = new SmtpHoldProxy(server, (server.address() as net.AddressInfo).port);
    return relays.proxy;
  }

  /** Holds the server's answer to the next message's end of data (forever); resolves with that message's outbox id once held. */
  holdNext(): Promise<string> {
    this.holdNextReply = true;
    return new Promise((resolve) => (this.onHeld = resolve));
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private relay(client: net.Socket, upstreamPort: number): void {
    const upstream = net.connect({ port: upstreamPort, host: '127.0.0.1' });
    for (const s of [client, upstream]) {
      this.sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => (this.sockets.delete(s), client.destroy(), upstream.destroy()));
    }
    let text = '';
    let awaitingReply: string | undefined;
    let holding = false;
    client.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      const end = text.indexOf('\r\n.\r\n');
      if (end >= 0) {
        const outboxId = /X-PSP-Outbox-Id: *([0-9a-f-]{36})/i.exec(text.slice(0, end))?.[1] ?? 'unknown';
        this.passed.set(outboxId, (this.passed.get(outboxId) ?? 0) + 1);
        awaitingReply = outboxId;
        text = text.slice(end + 5);
      } else if (text.length > 1_000_000) text = text.slice(-1_000_000);
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (holding) return;
      if (awaitingReply !== undefined && this.holdNextReply && chunk.toString('latin1').startsWith('250')) {
        // The server has stored the message; its sender will never hear so.
        this.holdNextReply = false;
        holding = true;
        this.onHeld?.(awaitingReply);
        return;
      }
      if (awaitingReply !== undefined && chunk.toString('latin1').startsWith('250')) awaitingReply = undefined;
      client.write(chunk);
    });
  }
}
