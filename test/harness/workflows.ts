/**
 * Workflow JSON as n8n saves it, for runs through the engine harness: the engine tests and
 * the benchmark build their workflows here.
 */
import type { INode, INodeParameters } from 'n8n-workflow';

import { PACKAGE_NAME } from './engine';

let nodeCounter = 0;

/** A node of this package as it appears in saved workflow JSON. */
export function packageNode(
	type: string,
	name: string,
	parameters: INodeParameters,
	extra: Partial<INode> = {},
): INode {
	nodeCounter++;
	return {
		id: `node-${nodeCounter}`,
		name,
		type: `${PACKAGE_NAME}.${type}`,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		...extra,
	};
}

const sandboxCredential = { oviceApi: { id: '1', name: 'ovice sandbox' } };

/** An ovice node as it appears in saved workflow JSON. */
export function oviceNode(parameters: INodeParameters, extra: Partial<INode> = {}): INode {
	return packageNode('ovice', 'ovice', parameters, { credentials: sandboxCredential, ...extra });
}

/** An ovice Webhook Trigger; its fixed webhook ID keeps its URL stable. */
export function webhookTriggerNode(parameters: INodeParameters): INode {
	return packageNode('oviceWebhookTrigger', 'ovice Webhook Trigger', parameters, {
		webhookId: 'f1d5c0de-0000-4000-8000-000000000001',
	});
}

/** An ovice Presence Trigger on Tokyo HQ watching every kind of change, unless overridden. */
export function presenceTriggerNode(parameters: INodeParameters = {}): INode {
	return packageNode(
		'ovicePresenceTrigger',
		'ovice Presence Trigger',
		{
			workspaceId: fromList(101),
			events: ['userOnline', 'userOffline', 'userStatusChanged'],
			...parameters,
		},
		{ credentials: sandboxCredential },
	);
}

/** A workflow of one ovice node. */
export function singleNodeWorkflow(parameters: INodeParameters, extra: Partial<INode> = {}) {
	return { nodes: [oviceNode(parameters, extra)], connections: {} };
}

/** A workspace notification to Tokyo HQ, with any parameter replaced. */
export function notifyWorkspaceParameters(overrides: Record<string, unknown> = {}) {
	return {
		resource: 'workspace',
		operation: 'sendNotification',
		workspaceId: fromList(101),
		message: 'Hello',
		...overrides,
	};
}

/** The sender's fields where version 2 keeps them: under Options. */
export function senderOptions(sender: { serviceName?: unknown; serviceLogoUrl?: unknown }) {
	return { options: sender };
}

export function fromList(value: string | number) {
	return { __rl: true, mode: 'list', value: String(value) };
}

export function byId(value: string | number) {
	return { __rl: true, mode: 'id', value };
}

/**
 * `count` notifications to workspace 101, each with its own text (`${prefix}-${index}`,
 * read by the node as `{{ $json.text }}`): the workflow and its input items.
 */
export function textNotifications(
	prefix: string,
	count: number,
	settings: Partial<INode> = {},
	parameters: INodeParameters = {},
	padding = 0,
) {
	return {
		workflow: singleNodeWorkflow(
			{
				resource: 'workspace',
				operation: 'sendNotification',
				workspaceId: fromList(101),
				message: '={{ $json.text }}',
				...parameters,
			},
			settings,
		),
		input: Array.from({ length: count }, (_, index) => ({
			text: `${prefix}-${index}${padding ? ` ${'x'.repeat(padding)}` : ''}`,
		})),
	};
}
