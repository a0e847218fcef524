import type { INodeProperties } from 'n8n-workflow';

import { fieldFor } from '../../shared/endpoints';
import { addSpaceUrls, keepChosenWorkspace, keepOnlineUsersIfAsked } from '../../shared/output';
import { checkParams, routeTo } from '../../shared/routing';

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
				routing: routeTo('listWorkspaces', {
					check: [checkParams(fieldFor('listWorkspaceUsers', 'workspaceId'))],
					shape: [keepChosenWorkspace, addSpaceUrls],
				}),
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many workspaces',
				description: 'List the workspaces (spaces) of the organization, with their browser URLs',
				routing: routeTo('listWorkspaces', { shape: [addSpaceUrls] }),
			},
			{
				name: 'Get Users',
				value: 'getUsers',
				action: 'Get users of a workspace',
				description:
					'List the users of a workspace with their presence status (online when in the space)',
				routing: routeTo('listWorkspaceUsers', { shape: [keepOnlineUsersIfAsked] }),
			},
			{
				name: 'Send Notification',
				value: 'sendNotification',
				action: 'Send a notification to a workspace',
				description: "Notify a workspace's users who have one of the chosen roles",
				routing: routeTo('notifyWorkspace'),
			},
		],
		default: 'getAll',
	},
];
