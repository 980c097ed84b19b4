import { z } from 'zod';
import { readConfig } from '../config';
import { appendOutbox } from './outbox';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Locally `MAIL_OUTBOX_FILE` (JSON lines, served at `GET /_local/mail`); on AWS SES from `MAIL_FROM`. */
const config = readConfig({ MAIL_OUTBOX_FILE: z.string().min(1).optional(), MAIL_FROM: z.string().email().optional() });

/** Sends account mail (invitations, codes the stack sends itself). Throws when no transport is configured. */
export async function sendMail(message: MailMessage): Promise<void> {
  if (config.MAIL_OUTBOX_FILE) {
    await appendOutbox(config.MAIL_OUTBOX_FILE, message);
    return;
  }
  if (!config.MAIL_FROM) throw new Error('No mail transport: set MAIL_FROM (SES) or MAIL_OUTBOX_FILE (local)');
  const { SESv2Client, SendEmailCommand } = await import('@aws-sdk/client-sesv2');
  await sesClient(SESv2Client).send(
    new SendEmailCommand({
      FromEmailAddress: config.MAIL_FROM,
      Destination: { ToAddresses: [message.to] },
      Content: { Simple: { Subject: { Data: message.subject }, Body: { Text: { Data: message.text } } } },
    }),
  );
}

let ses: InstanceType<typeof import('@aws-sdk/client-sesv2').SESv2Client> | undefined;
function sesClient(Client: typeof import('@aws-sdk/client-sesv2').SESv2Client) {
  ses ??= new Client({});
  return ses;
}
