import { returnAllAndLimit } from '../../../shared/descriptions';
import { defineOperation } from '../operation';
import { limitUnlessAll, listItems } from '../output';

/** Group → Get Many: the organization's groups. */
export const getAll = defineOperation({
	resource: 'group',
	value: 'getAll',
	name: 'Get Many',
	action: 'Get many groups of the organization',
	description: 'List the groups of the organization',
	subtitle: '"Get many " + p.resource + "s"',
	endpoint: 'listGroups',
	fields: returnAllAndLimit,

	async execute(itemIndex, ovice) {
		const { data } = await ovice.call();
		return limitUnlessAll(this, itemIndex, listItems(data));
	},
});
