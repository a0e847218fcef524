import { returnAllAndLimit } from '../../../shared/descriptions';
import { request } from '../../../shared/transport';
import { limitUnlessAll, listItems, showFor, withSpaceUrls } from '../common';
import type { OviceOperation } from '../common';

/** Workspace → Get Many: the organization's workspaces, each with its browser address. */
export const getAll: OviceOperation = {
	description: returnAllAndLimit(showFor('workspace', 'getAll')),

	async execute(itemIndex, connection) {
		const { data } = await request(connection, 'listWorkspaces', {}, itemIndex);
		return withSpaceUrls(connection, limitUnlessAll(this, itemIndex, listItems(data)));
	},
};
