import { returnAllAndLimit, workspaceLocator } from '../../../shared/descriptions';
import { request } from '../../../shared/transport';
import { limitUnlessAll, listItems, showFor } from '../common';
import type { OviceOperation } from '../common';

const show = showFor('workspace', 'getUsers');

/** Workspace → Get Users: a workspace's users with their presence status. */
export const getUsers: OviceOperation = {
	description: [
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

	async execute(itemIndex, connection) {
		const workspaceId = this.getNodeParameter('workspaceId', itemIndex, undefined, {
			extractValue: true,
		});
		const onlineOnly = this.getNodeParameter('onlineOnly', itemIndex, false) as boolean;
		const { data } = await request(connection, 'listWorkspaceUsers', { workspaceId }, itemIndex);
		const users = listItems(data);
		return limitUnlessAll(
			this,
			itemIndex,
			onlineOnly ? users.filter((user) => user.status === 'online') : users,
		);
	},
};
