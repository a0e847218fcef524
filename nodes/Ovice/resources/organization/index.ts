import type { INodeProperties } from 'n8n-workflow';

import { routeTo } from '../../shared/routing';

const showOnlyForOrganization = { resource: ['organization'] };

/** The operation selector; the fields are assembled in Ovice.node.ts. */
export const organizationOperations: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: showOnlyForOrganization },
		options: [
			{
				name: 'Send Notification',
				value: 'sendNotification',
				action: 'Send a notification to the organization',
				description: 'Notify every member of the ovice organization',
				routing: routeTo('notifyOrganization'),
			},
		],
		default: 'sendNotification',
	},
];
