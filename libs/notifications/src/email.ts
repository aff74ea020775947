// Reminder e-mails: Vietnamese text, every interpolated value HTML-escaped (a title may hold
// `<script>`: legal text contains '<'), sent over SMTP with nodemailer.
import nodemailer from 'nodemailer';
import { PermanentDeliveryError } from './delivery.errors.js';
import type { NotificationRow } from './inbox.js';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

export interface Email {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** The e-mail of one inbox notification, to one person. */
export function renderEmail(n: NotificationRow, to: { email: string; displayName: string }): Email {
  const subject =
    n.kind === 'reminder' ? '[Draftline] Nhắc hạn xử lý dự thảo' : '[Draftline] Dự thảo quá hạn xử lý';
  const greeting = `Kính gửi ${to.displayName},`;
  const footer = 'Thư này được gửi tự động từ hệ thống Draftline; vui lòng không trả lời.';
  return {
    to: to.email,
    subject,
    text: `${greeting}\n\n${n.message}\n\n${footer}\n`,
    html: `<p>${escapeHtml(greeting)}</p><p>${escapeHtml(n.message)}</p><p><small>${escapeHtml(footer)}</small></p>`,
  };
}

export interface Mailer {
  send(email: Email): Promise<void>;
  close(): void;
}

/** An SMTP error: nodemailer sets `code` and the server's `responseCode`. */
type SmtpError = Error & { code?: string; responseCode?: number };

/**
 * True when the server refused the recipient with a permanent (5xx) reply: the address is
 * rejected and a retry cannot mend it. A 4xx, a refused connection or a timeout is transient.
 */
export const isRejectedAddress = (error: SmtpError): boolean =>
  error.code === 'EENVELOPE' && (error.responseCode ?? 0) >= 500 && (error.responseCode ?? 0) < 600;

export function smtpMailer(url: string, from: string): Mailer {
  // Bounded waits: a delivery holds its lease while it sends (nodemailer waits minutes by default).
  const transport = nodemailer.createTransport({
    url,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    async send(email) {
      try {
        await transport.sendMail({ from, ...email });
      } catch (error) {
        if (isRejectedAddress(error as SmtpError))
          throw new PermanentDeliveryError(`SMTP rejected ${email.to}: ${(error as Error).message}`);
        throw error;
      }
    },
    close: () => transport.close(),
  };
}
