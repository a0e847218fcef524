import type { INodeProperties } from 'n8n-workflow';

import type { OviceOperation } from '../common';
import { get } from './get.operation';
import { getAll } from './getAll.operation';
import { getUsers } from './getUsers.operation';
import { sendNotification } from './sendNotification.operation';

export const operations: Record<string, OviceOperation> = {
	get,
	getAll,
	getUsers,
	sendNotification,
};

export const selector: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['workspace'] } },
	options: [
		{
			name: 'Get',
			value: 'get',
			action: 'Get a workspace by its ID',
			description: 'Get one workspace of the organization by its ID, with its browser URL',
		},
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many workspaces of the organization',
			description: 'List the workspaces (spaces) of the organization, with their browser URLs',
		},
		{
			name: 'Get Users',
			value: 'getUsers',
			action: 'Get the users of a workspace with their presence',
			description:
				'List the users of a workspace with their presence status (online when in the space)',
		},
		{
			name: 'Send Notification',
			value: 'sendNotification',
			action: 'Send a notification to workspace users by role',
			description: "Notify a workspace's users who have one of the chosen roles",
		},
	],
	default: 'getAll',
};

export const description: INodeProperties[] = [
	selector,
	...Object.values(operations).flatMap((operation) => operation.description),
];
