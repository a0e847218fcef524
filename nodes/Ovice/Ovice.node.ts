import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { OVICE_API_CREDENTIAL } from '../../credentials/OviceApi.credentials';
import { nodeHint, RELATED } from '../shared/builderHints';
import { getGroups } from '../shared/methods/getGroups';
import { getWorkspaces } from '../shared/methods/getWorkspaces';
import { requestOptionsField } from './actions/requestOptions';
import * as group from './actions/group/group.resource';
import * as organization from './actions/organization/organization.resource';
import { router } from './actions/router';
import * as workspace from './actions/workspace/workspace.resource';

export class Ovice implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ovice',
		name: 'ovice',
		// Used as it is by n8n's editor (a codex link gets n8n's query after the #section).
		documentationUrl: 'https://www.npmjs.com/package/n8n-nodes-ovice#operations',
		icon: { light: 'file:../../icons/ovice.svg', dark: 'file:../../icons/ovice.dark.svg' },
		group: ['output'],
		version: 1,
		// Short, so the canvas shows the target: "Notify Tokyo HQ", "Users of Engineering"… The
		// picked name comes from the saved locator (see shared/subtitles.ts for $parameter's JSON form).
		subtitle:
			'={{ (p => (t => ({ sendNotification: "Notify " + (t || p.resource), getAll: "Get many " + p.resource + "s", get: "Get " + t, getUsers: "Users of " + t, getMembers: "Members of " + t })[p.operation])((x => x && typeof x === "object" ? x.cachedResultName || (x.value ? p.resource + " " + x.value : "") : x ? p.resource + " " + x : "")(p.resource === "group" ? p.groupId : p.resource === "workspace" ? p.workspaceId : undefined)))(JSON.parse(JSON.stringify($parameter))) }}',
		description:
			'Send notifications to an ovice organization, workspace or group, and list workspaces, users with their presence, groups and members',
		defaults: { name: 'ovice' },
		usableAsTool: true,
		builderHint: nodeHint({
			searchHint:
				'ovice is a virtual office. Use this node to notify people there (a whole organization, the users of one workspace with chosen roles, or one group) and to look up workspaces, who is in a workspace right now (presence), groups and group members. Workspace and group IDs are numbers; get them with Get Many first. To react to ovice events, use the ovice Webhook Trigger or the ovice Presence Trigger instead.',
			relatedNodes: [
				RELATED.schedule,
				RELATED.calendar,
				RELATED.slack,
				RELATED.agent,
				{
					nodeType: 'n8n-nodes-ovice.oviceWebhookTrigger',
					relationHint: 'Starts a workflow from an ovice event, such as a knock or a chat',
				},
			],
		}),
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: OVICE_API_CREDENTIAL, required: true }],
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
			...workspace.description,
			...organization.description,
			...group.description,
			requestOptionsField,
		],
	};

	methods = {
		listSearch: {
			getWorkspaces,
			getGroups,
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
