import nodemailer from 'nodemailer';

/** An e-mail as the outbox keeps it: the recipient's address is added when it is sent. */
export interface MailMessage {
  subject: string;
  text: string;
  html: string;
  /** Extra headers (List-Unsubscribe, RFC 2369 and RFC 8058). */
  headers: Record<string, string>;
}

export interface MailReceipt {
  /** The server's reply code to the message (250 when accepted). */
  code: number;
}

/** Sends one message; rejects when the SMTP server refuses it or does not answer in time. */
export interface MailTransport {
  send(to: string, message: MailMessage): Promise<MailReceipt>;
  close(): void;
}

/**
 * SMTP through nodemailer (https://nodemailer.com/smtp/), from PENUMBRA_SMTP_URL
 * (`smtp://user:pass@host:587`, `smtps://…` for implicit TLS). Every wait of the conversation
 * is bounded by `timeoutMs`, so a stuck server fails an attempt instead of holding it.
 */
export function createMailTransport(smtpUrl: string, from: string, timeoutMs: number): MailTransport {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  return {
    async send(to, message) {
      const info = await transport.sendMail({ from, to, ...message });
      const code = Number(/^(\d{3})/.exec(String(info.response ?? ''))?.[1] ?? 250);
      return { code };
    },
    close: () => transport.close(),
  };
}
