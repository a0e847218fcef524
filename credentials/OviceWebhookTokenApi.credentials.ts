import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

import { WEBHOOK_TOKEN_CREDENTIAL } from '../nodes/shared/credentialNames';

/**
 * The secret an ovice Webhook Trigger expects in its URL (`?token=…`). Kept as a credential so n8n
 * stores it encrypted: a node parameter would be saved in clear text in the workflow and
 * in every execution's copy of it. Checked by the ovice Webhook Trigger's `testedBy` function.
 */
export class OviceWebhookTokenApi implements ICredentialType {
	name = WEBHOOK_TOKEN_CREDENTIAL;

	displayName = 'Ovice Webhook Token API';

	icon: Icon = { light: 'file:../icons/ovice.svg', dark: 'file:../icons/ovice.dark.svg' };

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-ovice#ovice-webhook-trigger';

	properties: INodeProperties[] = [
		{
			displayName:
				"ovice does not sign its webhooks, so the URL is their only secret. Put this token at the end of the URL you paste in ovice: the trigger's Production URL, then ?token= and this token.",
			name: 'urlNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'At least 16 characters of letters, digits, "-", "_", "." or "~" (they stay the same in a URL). A long random value is best.',
		},
	];
}
