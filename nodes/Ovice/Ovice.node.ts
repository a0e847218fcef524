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
		// Version 2: Roles default to Admin and Member; the sender fields moved under Options.
		version: [1, 2],
		defaultVersion: 2,
		// The operation's action text and the picked workspace or group (shared/subtitles.ts).
		subtitle:
			'={{ (p => (name => ({"workspace:get":"Get a workspace","workspace:getAll":"Get many workspaces","workspace:getUsers":"Get users of a workspace","workspace:sendNotification":"Send a notification to a workspace","organization:sendNotification":"Send a notification to the organization","group:getAll":"Get many groups","group:getMembers":"Get members of a group","group:sendNotification":"Send a notification to a group"})[p.resource + ":" + p.operation] + (name ? " · " + name : ""))((x => x ? (typeof x === "object" ? (x.cachedResultName || x.value) : x) : "")(p.operation === "getAll" ? undefined : p.resource === "group" ? p.groupId : p.resource === "workspace" ? p.workspaceId : undefined)))(JSON.parse(JSON.stringify($parameter))) }}',
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
