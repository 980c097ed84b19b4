import { appendFile, readFile } from 'node:fs/promises';

export interface SentMail {
  to: string;
  subject: string;
  text: string;
  sentAt: string;
}

/** Adds one message to the local outbox (JSON lines). Appends of one short line from several processes do not interleave. */
export async function appendOutbox(file: string, message: Omit<SentMail, 'sentAt'>): Promise<void> {
  await appendFile(file, `${JSON.stringify({ to: message.to, subject: message.subject, text: message.text, sentAt: new Date().toISOString() })}\n`);
}

/** The local outbox (`MAIL_OUTBOX_FILE`), newest first, optionally for one address: `GET /_local/mail?to=`. */
export async function readOutbox(file: string, to?: string): Promise<SentMail[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const mail = text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as SentMail);
  const wanted = to?.trim().toLowerCase();
  return mail.filter((m) => !wanted || m.to.toLowerCase() === wanted).reverse();
}
