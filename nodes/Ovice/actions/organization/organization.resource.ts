import type { INodeProperties } from 'n8n-workflow';

import type { OviceOperation } from '../common';
import { sendNotification } from './sendNotification.operation';

export const operations: Record<string, OviceOperation> = { sendNotification };

export const selector: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['organization'] } },
	options: [
		{
			name: 'Send Notification',
			value: 'sendNotification',
			action: 'Send a notification to every member of the organization',
			description: 'Notify every member of the ovice organization',
		},
	],
	default: 'sendNotification',
};

export const description: INodeProperties[] = [
	selector,
	...Object.values(operations).flatMap((operation) => operation.description),
];
