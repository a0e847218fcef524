import type { INodeProperties } from 'n8n-workflow';

import { routeTo } from '../../shared/routing';

const showOnlyForGroups = { resource: ['group'] };

/** The operation selector; the fields are shared ones (shared/fields.ts). */
export const groupOperations: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: showOnlyForGroups },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many groups',
				description: 'List the groups of the organization',
				routing: routeTo('listGroups'),
			},
			{
				name: 'Get Members',
				value: 'getMembers',
				action: 'Get members of a group',
				description: 'List the users who belong to a group',
				routing: routeTo('listGroupMembers'),
			},
			{
				name: 'Send Notification',
				value: 'sendNotification',
				action: 'Send a notification to a group',
				description: "Notify every member of a group",
				routing: routeTo('notifyGroup'),
			},
		],
		default: 'getAll',
	},
];
