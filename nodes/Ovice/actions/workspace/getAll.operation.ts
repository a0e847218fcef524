import { returnAllAndLimit } from '../../../shared/descriptions';
import { defineOperation } from '../operation';
import { limitUnlessAll, listItems, withSpaceUrls } from '../output';

/** Workspace → Get Many: the organization's workspaces, each with its browser address. */
export const getAll = defineOperation({
	resource: 'workspace',
	value: 'getAll',
	name: 'Get Many',
	action: 'Get many workspaces of the organization',
	description: 'List the workspaces (spaces) of the organization, with their browser URLs',
	subtitle: '"Get many " + p.resource + "s"',
	endpoint: 'listWorkspaces',
	fields: returnAllAndLimit,

	async execute(itemIndex, ovice) {
		const { data } = await ovice.call();
		return withSpaceUrls(ovice.connection, limitUnlessAll(this, itemIndex, listItems(data)));
	},
});
