import type { INodeProperties } from 'n8n-workflow';

import { DELIVERY } from '../../../shared/delivery';
import { fieldFor } from '../../../shared/endpoints';
import { oviceOperation } from '../../operation';
import { addSpaceUrls, keepChosenWorkspace, keepOnlineUsersIfAsked, limitUnlessAll } from '../../output';

const showOnlyForWorkspaces = { resource: ['workspace'] };

/** The operation selector; the fields are assembled in Ovice.node.ts. */
export const workspaceOperations: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: showOnlyForWorkspaces },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get a workspace',
				description: 'Get one workspace of the organization by its ID, with its browser URL',
				// ovice has no single-workspace read: the list, then the chosen one.
				routing: oviceOperation(DELIVERY.listWorkspaces, {
					check: [fieldFor('listWorkspaceUsers', 'workspaceId')],
					shape: [keepChosenWorkspace, addSpaceUrls],
				}),
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many workspaces',
				description: 'List the workspaces (spaces) of the organization, with their browser URLs',
				routing: oviceOperation(DELIVERY.listWorkspaces, { shape: [limitUnlessAll, addSpaceUrls] }),
			},
			{
				name: 'Get Users',
				value: 'getUsers',
				action: 'Get users of a workspace',
				description:
					'List the users of a workspace with their presence status (online when in the space)',
				routing: oviceOperation(DELIVERY.listWorkspaceUsers, { shape: [keepOnlineUsersIfAsked, limitUnlessAll] }),
			},
			{
				name: 'Send Notification',
				value: 'sendNotification',
				action: 'Send a notification to a workspace',
				description: "Notify a workspace's users who have one of the chosen roles",
				routing: oviceOperation(DELIVERY.notifyWorkspace),
			},
		],
		default: 'getAll',
	},
];
