import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

import { getGroups } from './listSearch/getGroups';
import { getWorkspaces } from './listSearch/getWorkspaces';
import { groupDescription } from './resources/group';
import { organizationDescription } from './resources/organization';
import { workspaceDescription } from './resources/workspace';
import { deliver } from './shared/delivery';
import { CREDENTIAL_TYPE } from './shared/transport';
import { API_BASE_URL_EXPRESSION } from './shared/urls';

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
			baseURL: API_BASE_URL_EXPRESSION,
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
			...workspaceDescription,
			...organizationDescription,
			...groupDescription,
		],
	};

	methods = {
		listSearch: {
			getWorkspaces,
			getGroups,
		},
	};
}
