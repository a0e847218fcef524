import type { INodeProperties } from 'n8n-workflow';

const showOnlyForWorkspaceGetUsers = { resource: ['workspace'], operation: ['getUsers'] };

/** Get Users also uses the shared Workspace, Return All and Limit fields (../../fields.ts). */
export const workspaceGetUsersDescription: INodeProperties[] = [
	{
		displayName: 'Online Users Only',
		name: 'onlineOnly',
		type: 'boolean',
		default: false,
		description: 'Whether to return only the users ovice reports as online (present in the space)',
		displayOptions: { show: showOnlyForWorkspaceGetUsers },
	},
];
