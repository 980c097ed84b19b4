import { api, eventually } from './local-stack';

export interface LocalMail {
  to: string;
  subject: string;
  text: string;
  sentAt: string;
}

/** GET /_local/mail?to=: what the stack would have mailed to `email`, newest first. */
export async function mailTo(email: string): Promise<LocalMail[]> {
  const res = await api<{ mail: LocalMail[] }>(`/_local/mail?to=${encodeURIComponent(email)}`);
  if (res.status !== 200) throw new Error(`GET /_local/mail failed: ${res.status}`);
  return res.body.mail;
}

/** The code in the newest mail to `email` whose subject matches, once it arrives (Cognito mails from its own process). */
export async function latestCode(email: string, subject: RegExp, after = ''): Promise<string> {
  const mail = await eventually(() => mailTo(email), (list) => list.some((m) => subject.test(m.subject) && m.sentAt > after));
  const found = mail.find((m) => subject.test(m.subject) && m.sentAt > after);
  const code = /\b(\d{6})\b/.exec(found?.text ?? '')?.[1];
  if (!code) throw new Error(`no code mailed to ${email} matching ${subject}: ${JSON.stringify(mail)}`);
  return code;
}
