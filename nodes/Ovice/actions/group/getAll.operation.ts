import { returnAllAndLimit } from '../../../shared/descriptions';
import { request } from '../../../shared/transport';
import { limitUnlessAll, listItems, showFor } from '../common';
import type { OviceOperation } from '../common';

/** Group → Get Many: the organization's groups. */
export const getAll: OviceOperation = {
	description: returnAllAndLimit(showFor('group', 'getAll')),

	async execute(itemIndex, connection) {
		const { data } = await request(connection, 'listGroups', {}, itemIndex);
		return limitUnlessAll(this, itemIndex, listItems(data));
	},
};
