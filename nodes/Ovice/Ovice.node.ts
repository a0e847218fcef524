import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

import { getGroups } from './listSearch/getGroups';
import { getWorkspaces } from './listSearch/getWorkspaces';
import { groupOperations } from './resources/group';
import { organizationOperations } from './resources/organization';
import { organizationSendNotificationDescription } from './resources/organization/sendNotification';
import { workspaceOperations } from './resources/workspace';
import { workspaceGetUsersDescription } from './resources/workspace/getUsers';
import { workspaceSendNotificationDescription } from './resources/workspace/sendNotification';
import { deliver } from './shared/delivery';
import { groupField, listFields, notificationContentFields, workspaceField } from './shared/fields';
import { CREDENTIAL_TYPE } from './shared/transport';

export class Ovice implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ovice',
		name: 'ovice',
		icon: { light: 'file:../../icons/ovice.svg', dark: 'file:../../icons/ovice.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Send notifications to an ovice organization, workspace or group, and list workspaces, users with their presence, groups and members',
		defaults: { name: 'ovice' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		requestDefaults: {
			// The base URL is set per request from the credential in shared/routing.ts: an
			// n8n expression here would be evaluated again for every item.
			headers: { Accept: 'application/json' },
			json: true,
			// ovice's error answers are turned into clear messages by the node itself.
			ignoreHttpStatusErrors: true,
		},
		requestOperations: {
			// Rate limiting and retries around each request; see shared/delivery.ts.
			pagination: deliver,
		},
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Group', value: 'group' },
					{ name: 'Organization', value: 'organization' },
					{ name: 'Workspace', value: 'workspace' },
				],
				default: 'workspace',
			},
			...workspaceOperations,
			...organizationOperations,
			...groupOperations,
			// Fields in the order the editor shows them; shared ones are defined once.
			...organizationSendNotificationDescription,
			workspaceField,
			groupField,
			...workspaceSendNotificationDescription,
			...notificationContentFields,
			...workspaceGetUsersDescription,
			...listFields,
		],
	};

	methods = {
		listSearch: {
			getWorkspaces,
			getGroups,
		},
	};
}
