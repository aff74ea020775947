// Reminder e-mails: Vietnamese text, every interpolated value HTML-escaped (a title may hold
// `<script>`: legal text contains '<'), sent over SMTP with nodemailer.
import nodemailer from 'nodemailer';
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

export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(email) {
      await transport.sendMail({ from, ...email });
    },
    close: () => transport.close(),
  };
}
