import { returnAllAndLimit, workspaceLocator } from '../../../shared/descriptions';
import { defineOperation } from '../operation';
import { TOOL_INPUTS } from '../toolInputs';
import { limited, listItems, readLimit } from '../output';
import { readTarget } from '../values';

/** Workspace → Get Users: a workspace's users with their presence status. */
export const getUsers = defineOperation({
	resource: 'workspace',
	value: 'getUsers',
	name: 'Get Users',
	action: 'Get the users of a workspace with their presence',
	description:
		'List the users of a workspace with their presence status (online when in the space)',
	subtitle: '"Users of " + t',
	endpoint: 'listWorkspaceUsers',
	tool: {
		name: 'list_workspace_users',
		inputs: {
			workspaceId: TOOL_INPUTS.workspaceId,
			onlineOnly: TOOL_INPUTS.onlineOnly,
			returnAll: true,
		},
	},
	fields: (show) => [
		workspaceLocator(show),
		{
			displayName: 'Online Users Only',
			name: 'onlineOnly',
			type: 'boolean',
			default: false,
			description:
				'Whether to return only the users ovice reports as online (present in the space)',
			displayOptions: { show },
		},
		...returnAllAndLimit(show),
	],

	read(itemIndex) {
		const workspaceId = readTarget(this, 'workspaceId', itemIndex).id;
		const onlineOnly = this.getNodeParameter('onlineOnly', itemIndex, false) as boolean;
		const limit = readLimit(this, itemIndex);
		return {
			values: { workspaceId },
			output: ({ data }) => {
				const users = listItems(data);
				return limited(
					onlineOnly ? users.filter((user) => user.status === 'online') : users,
					limit,
				);
			},
		};
	},
});
