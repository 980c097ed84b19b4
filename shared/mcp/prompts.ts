import { z } from 'zod';
import { featureSchema } from '../plans/catalog';
import { parseArguments } from './tool';

/** Prompts (CONTRACT §6): reusable instructions that steer a model through the tools; they read no data themselves. */
interface PromptDef {
  name: string;
  title: string;
  description: string;
  arguments: { name: string; description: string; required: true }[];
  schema: z.ZodObject;
  text: (args: Record<string, string>) => string;
}

const orgArg = { name: 'org_id', description: 'the org id (org_…)', required: true } as const;

export const PROMPTS: PromptDef[] = [
  {
    name: 'check-access',
    title: 'Check access to a feature',
    description: 'Find out whether an org may use a feature, and if not, which plan would allow it.',
    arguments: [orgArg, { name: 'feature', description: 'the feature, e.g. advanced_predictions', required: true }],
    schema: z.object({ org_id: z.string().min(1).max(128), feature: featureSchema }),
    text: ({ org_id, feature }) =>
      [
        `Find out whether the org ${org_id} may use the feature "${feature}".`,
        `1. Call check_entitlement with org_id "${org_id}" and feature "${feature}".`,
        '2. If allowed is false, call get_user_tier for the org to see its current plan, and read the resource argus://config/features to name the cheapest plans that include the feature (argus://config/tiers has their prices).',
        '3. Answer in two or three sentences: allowed or not, why (the reason field), and what would change it.',
        'Do not start a checkout or change anything unless the person asks you to; create_checkout only returns a link for a person to pay.',
      ].join('\n'),
  },
  {
    name: 'billing-summary',
    title: 'Summarize billing',
    description: "Summarize an org's plan, subscription, usage this period and recent invoices.",
    arguments: [orgArg],
    schema: z.object({ org_id: z.string().min(1).max(128) }),
    text: ({ org_id }) =>
      [
        `Summarize billing for the org ${org_id}.`,
        `1. Call get_subscription, get_usage and list_invoices (limit 5) with org_id "${org_id}".`,
        '2. Report: the plan and subscription status (trial end or cancellation if any) and the current period; for each metric, used of included, any overage and its accrued amount, and the projected total at period end; the recent invoices with status and amounts.',
        'Money objects carry integer cents (amount 9900 with currency usd is $99.00); an overageAmount carries a decimal string of cents.',
        'Read only: do not change the plan, record usage or create a checkout.',
      ].join('\n'),
  },
];

export function listPrompts() {
  return PROMPTS.map(({ name, title, description, arguments: args }) => ({ name, title, description, arguments: args }));
}

/** A prompt's messages; missing or malformed arguments are the contract's `validation_failed`. */
export function getPrompt(prompt: PromptDef, rawArguments: unknown) {
  const args = parseArguments(prompt.schema, rawArguments ?? {}) as Record<string, string>;
  return { description: prompt.description, messages: [{ role: 'user' as const, content: { type: 'text' as const, text: prompt.text(args) } }] };
}
