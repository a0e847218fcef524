import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../shared/endpoints';
import { getGroups } from '../shared/listSearch/getGroups';
import { getWorkspaces } from '../shared/listSearch/getWorkspaces';
import { groupField, listFields, notificationContentFields, workspaceField } from './fields';
import { groupOperations } from './resources/group';
import { organizationOperations } from './resources/organization';
import { organizationSendNotificationDescription } from './resources/organization/sendNotification';
import { workspaceOperations } from './resources/workspace';
import { workspaceGetUsersDescription } from './resources/workspace/getUsers';
import { workspaceSendNotificationDescription } from './resources/workspace/sendNotification';

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
		// Each operation's routing names its endpoint and delivery policy (operation.ts); the
		// request path itself is ../shared/transport.ts.
		requestDefaults: {},
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
