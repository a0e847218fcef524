import { returnAllAndLimit } from '../../../shared/descriptions';
import { defineOperation } from '../operation';
import { limited, listItems, readLimit, withSpaceUrls } from '../output';

/** Workspace → Get Many: the organization's workspaces, each with its browser address. */
export const getAll = defineOperation({
	resource: 'workspace',
	value: 'getAll',
	name: 'Get Many',
	action: 'Get many workspaces of the organization',
	description: 'List the workspaces (spaces) of the organization, with their browser URLs',
	subtitle: '"Get many " + p.resource + "s"',
	endpoint: 'listWorkspaces',
	tool: { name: 'list_workspaces', inputs: { returnAll: true } },
	fields: returnAllAndLimit,

	read(itemIndex, ovice) {
		const limit = readLimit(this, itemIndex);
		return {
			output: ({ data }) => withSpaceUrls(ovice.connection, limited(listItems(data), limit)),
		};
	},
});
