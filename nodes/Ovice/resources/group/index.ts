import type { INodeProperties } from 'n8n-workflow';

import { DELIVERY } from '../../../shared/delivery';
import { limitUnlessAll } from '../../output';
import { oviceOperation } from '../../operation';

const showOnlyForGroups = { resource: ['group'] };

/** The operation selector; each operation names its endpoint's delivery policy. Fields: ../../fields.ts. */
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
				routing: oviceOperation(DELIVERY.listGroups, { shape: [limitUnlessAll] }),
			},
			{
				name: 'Get Members',
				value: 'getMembers',
				action: 'Get members of a group',
				description: 'List the users who belong to a group',
				routing: oviceOperation(DELIVERY.listGroupMembers, { shape: [limitUnlessAll] }),
			},
			{
				name: 'Send Notification',
				value: 'sendNotification',
				action: 'Send a notification to a group',
				description: 'Notify every member of a group',
				routing: oviceOperation(DELIVERY.notifyGroup),
			},
		],
		default: 'getAll',
	},
];
