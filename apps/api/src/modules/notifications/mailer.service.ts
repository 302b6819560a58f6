import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type Nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { ApiConfig } from '../../config/api-config';

/** Hands mails to the SMTP server of SMTP_URL (nodemailer); `configured` is false without one. */
@Injectable()
export class MailerService implements OnModuleDestroy {
  private transport: Transporter | undefined;

  constructor(private readonly config: ApiConfig) {}

  get configured(): boolean {
    return this.config.env.SMTP_URL !== undefined;
  }

  /** Resolves once the server accepted the mail; throws (refused, unreachable, timed out) otherwise. */
  async send(mail: { id: string; to: string; subject: string; text: string }): Promise<void> {
    const url = this.config.env.SMTP_URL;
    if (!url) {
      throw new Error('No SMTP server is set (SMTP_URL)');
    }
    // nodemailer (3 MB of heap) loads with the first mail: the worker sends them, an API process seldom does.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
    this.transport ??= (require('nodemailer') as typeof Nodemailer).createTransport({
      url,
      // A server that is down fails the try quickly; the job queue retries with back-off.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    await this.transport.sendMail({
      from: this.config.env.MAIL_FROM,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      // The same id on every try, so a receiving server (or person) can tell a repeat.
      messageId: `<${mail.id}@madoguchi.notifications>`,
    });
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
