import type { ComponentType } from 'react';
import { AccountPage } from './pages/account/account';
import { InvitationsPage } from './pages/account/invitations';
import { NewOrgPage } from './pages/account/new-org';
import { ConfirmPage } from './pages/auth/confirm';
import { ForgotPasswordPage } from './pages/auth/forgot-password';
import { SignInPage } from './pages/auth/sign-in';
import { SignUpPage } from './pages/auth/sign-up';
import { CreditsPage } from './pages/billing/credits';
import { InvoicePage } from './pages/billing/invoice';
import { InvoicesPage } from './pages/billing/invoices';
import { PlansPage } from './pages/billing/plans';
import { SpendLimitPage } from './pages/billing/spend-limit';
import { ApiKeysPage } from './pages/org/api-keys';
import { AuditLogPage } from './pages/org/audit-log';
import { LicensesPage } from './pages/org/licenses';
import { MembersPage } from './pages/org/members';
import { OverviewPage } from './pages/org/overview';

/** The console's pages (CONTRACT §7). Paths are below the base `/console`. */
export const publicPages: { path: string; title: string; page: ComponentType }[] = [
  { path: '/signin', title: 'Sign in', page: SignInPage },
  { path: '/signup', title: 'Create an account', page: SignUpPage },
  { path: '/confirm', title: 'Confirm your email', page: ConfirmPage },
  { path: '/forgot-password', title: 'Reset your password', page: ForgotPasswordPage },
];

export const userPages: { path: string; title: string; page: ComponentType }[] = [
  { path: '/account', title: 'Account and security', page: AccountPage },
  { path: '/invitations', title: 'Invitations', page: InvitationsPage },
  { path: '/orgs/new', title: 'New organization', page: NewOrgPage },
];

/** Pages of one org; `admin` ones are neither linked nor shown to members (the API refuses them anyway). */
export const orgPages: { section: string; title: string; page: ComponentType; admin?: boolean; nav?: boolean }[] = [
  { section: 'overview', title: 'Overview', page: OverviewPage },
  { section: 'plans', title: 'Plans', page: PlansPage },
  { section: 'invoices', title: 'Invoices', page: InvoicesPage },
  { section: 'invoices/:invoiceId', title: 'Invoice', page: InvoicePage, nav: false },
  { section: 'spend-limit', title: 'Spend limit', page: SpendLimitPage },
  { section: 'credits', title: 'Credits', page: CreditsPage },
  { section: 'api-keys', title: 'API keys', page: ApiKeysPage, admin: true },
  { section: 'members', title: 'Members', page: MembersPage },
  { section: 'licenses', title: 'Licenses', page: LicensesPage },
  { section: 'audit-log', title: 'Audit log', page: AuditLogPage, admin: true },
];
