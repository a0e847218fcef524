import { returnAllAndLimit } from '../../../shared/descriptions';
import { defineOperation } from '../operation';
import { limited, listItems, readLimit } from '../output';

/** Group → Get Many: the organization's groups. */
export const getAll = defineOperation({
	resource: 'group',
	value: 'getAll',
	name: 'Get Many',
	action: 'Get many groups of the organization',
	description: 'List the groups of the organization',
	subtitle: '"Get many " + p.resource + "s"',
	endpoint: 'listGroups',
	tool: { name: 'list_groups', inputs: { returnAll: true } },
	fields: returnAllAndLimit,

	read(itemIndex) {
		const limit = readLimit(this, itemIndex);
		return { output: ({ data }) => limited(listItems(data), limit) };
	},
});
