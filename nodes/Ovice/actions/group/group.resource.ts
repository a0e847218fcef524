import type { INodeProperties } from 'n8n-workflow';

import type { OviceOperation } from '../common';
import { getAll } from './getAll.operation';
import { getMembers } from './getMembers.operation';
import { sendNotification } from './sendNotification.operation';

export const operations: Record<string, OviceOperation> = { getAll, getMembers, sendNotification };

export const selector: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['group'] } },
	options: [
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many groups of the organization',
			description: 'List the groups of the organization',
		},
		{
			name: 'Get Members',
			value: 'getMembers',
			action: 'Get the members of a group',
			description: 'List the users who belong to a group',
		},
		{
			name: 'Send Notification',
			value: 'sendNotification',
			action: 'Send a notification to every member of a group',
			description: 'Notify every member of a group',
		},
	],
	default: 'getAll',
};

export const description: INodeProperties[] = [
	selector,
	...Object.values(operations).flatMap((operation) => operation.description),
];
