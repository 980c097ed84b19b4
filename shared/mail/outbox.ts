import { readFile } from 'node:fs/promises';

export interface SentMail {
  to: string;
  subject: string;
  text: string;
  sentAt: string;
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
