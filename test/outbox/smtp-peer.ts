import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One message the SMTP server accepted, as the envelope and a MIME parser saw it. */
export interface ReceivedMail {
  envelopeTo: string[];
  mail: ParsedMail;
  raw: string;
}

/**
 * A real SMTP server (the smtp-server package) on a loopback port, without authentication or
 * TLS: Penumbra's nodemailer transport talks to it over the wire, and the tests read what it got.
 */
export class SmtpPeer {
  readonly received: ReceivedMail[] = [];
  readonly #server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw).then(
          (mail) => {
            this.received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), mail, raw });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });

  /** The PENUMBRA_SMTP_URL that reaches it. */
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    const { port } = this.#server.server.address() as AddressInfo;
    return `smtp://127.0.0.1:${port}`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async waitFor(count: number, timeoutMs = 10_000): Promise<ReceivedMail[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} messages, got ${this.received.length}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.received;
  }
}
