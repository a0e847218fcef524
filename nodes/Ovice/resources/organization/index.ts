import type { INodeProperties } from 'n8n-workflow';

import { DELIVERY } from '../../../shared/delivery';
import { oviceOperation } from '../../operation';

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
				routing: oviceOperation(DELIVERY.notifyOrganization),
			},
		],
		default: 'sendNotification',
	},
];
