import type { INodeProperties } from 'n8n-workflow';

import { returnAllAndLimit, workspaceLocator } from '../../shared/descriptions';
import { sendAs } from '../../shared/routing';

const showOnlyForWorkspaceGetUsers = { resource: ['workspace'], operation: ['getUsers'] };

export const workspaceGetUsersDescription: INodeProperties[] = [
	workspaceLocator(
		showOnlyForWorkspaceGetUsers,
		sendAs('listWorkspaceUsers', 'workspaceId'),
	),
	{
		displayName: 'Online Users Only',
		name: 'onlineOnly',
		type: 'boolean',
		default: false,
		description: 'Whether to return only the users ovice reports as online (present in the space)',
		displayOptions: { show: showOnlyForWorkspaceGetUsers },
	},
	...returnAllAndLimit(showOnlyForWorkspaceGetUsers),
];
