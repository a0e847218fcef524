/**
 * The workflows the benchmark compares: the same workspace notification per item from the
 * ovice node and from n8n's HTTP Request node (with a Custom Auth credential holding the
 * key, and with the headers typed into the node).
 */
import { SANDBOX_KEY, SANDBOX_ORGANIZATION_ID } from '../sandbox/data';
import type { LocalN8n } from '../scripts/n8n/local';
import type { N8nApi, WorkflowJson } from '../scripts/n8n/rest-api';
import { itemsWorkflow, oviceNodeJson } from '../scripts/n8n/runs';

export type VariantName =
	'ovice node' | 'HTTP Request + credential' | 'HTTP Request + typed headers';

/** `count` items, then the variant's node, named Target. */
export function benchWorkflow(
	name: string,
	count: number,
	target: Record<string, unknown>,
): WorkflowJson {
	return itemsWorkflow(name, count, { ...target, name: 'Target' });
}

/** The HTTP Request node's Custom Auth credential, holding the sandbox key's two headers. */
export async function customAuthCredential(api: N8nApi): Promise<{ id: string; name: string }> {
	const { id, name } = await api.ensureCredential('bench custom auth', 'httpCustomAuth', {
		json: JSON.stringify({
			headers: { client_id: SANDBOX_KEY.clientId, client_secret: SANDBOX_KEY.clientSecret },
		}),
	});
	return { id, name };
}

export function variants(
	local: LocalN8n,
	customAuth: { id: string; name: string },
): Record<VariantName, Record<string, unknown>> {
	const url = `${local.sandbox.url}/api/public/v1/${SANDBOX_ORGANIZATION_ID}/workspaces/notification`;
	const body = {
		sendBody: true,
		specifyBody: 'json',
		jsonBody:
			'={{ JSON.stringify({ workspace_id: 101, auth: ["admin", "member"], message: "bench " + $json.items, service_name: "n8n", service_logo_url: "https://avatars.githubusercontent.com/u/45487711?s=200&v=4" }) }}',
		options: {},
	};
	return {
		// Version 2, as a new node is: Roles default to Admin and Member, as the HTTP body says.
		'ovice node': oviceNodeJson(
			{
				resource: 'workspace',
				operation: 'sendNotification',
				workspaceId: { __rl: true, mode: 'id', value: '101' },
				message: '={{ "bench " + $json.items }}',
			},
			{ id: local.credential.id, name: local.credential.name },
		),
		'HTTP Request + credential': {
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				method: 'POST',
				url,
				authentication: 'genericCredentialType',
				genericAuthType: 'httpCustomAuth',
				...body,
			},
			credentials: { httpCustomAuth: customAuth },
		},
		'HTTP Request + typed headers': {
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				method: 'POST',
				url,
				sendHeaders: true,
				headerParameters: {
					parameters: [
						{ name: 'client_id', value: SANDBOX_KEY.clientId },
						{ name: 'client_secret', value: SANDBOX_KEY.clientSecret },
					],
				},
				...body,
			},
		},
	};
}
