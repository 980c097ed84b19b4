import { Stack } from 'aws-cdk-lib';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface MailIdentityProps {
  /** The stage's `mailFrom` address; its domain is verified (DKIM), so any address of it may send. */
  from: string;
}

/**
 * The SES domain identity account mail comes from: Cognito's own mail (codes, password resets) and the stack's
 * (invitations, `shared/mail/send-mail.ts`). Cognito's default sender allows only a few dozen mails a day per account,
 * which junk sign-ups could use up for everyone; SES has the account's own quota. DNS: publish the DKIM CNAMEs that
 * SES shows for the identity, and ask AWS to move the account out of the SES sandbox before go-live.
 */
export class MailIdentity extends Construct {
  readonly domain: string;
  readonly identity: ses.EmailIdentity;
  /** `arn:aws:ses:<region>:<account>:identity/<domain>`: what `ses:SendEmail` is granted on. */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: MailIdentityProps) {
    super(scope, id);
    this.domain = props.from.split('@')[1];
    this.identity = new ses.EmailIdentity(this, 'Identity', { identity: ses.Identity.domain(this.domain) });
    this.arn = Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: this.domain });
  }
}
