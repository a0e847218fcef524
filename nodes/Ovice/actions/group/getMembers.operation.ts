import { groupLocator, returnAllAndLimit } from '../../../shared/descriptions';
import { request } from '../../../shared/transport';
import { limitUnlessAll, listItems, showFor } from '../common';
import type { OviceOperation } from '../common';

const show = showFor('group', 'getMembers');

/** Group → Get Members: the users who belong to a group. */
export const getMembers: OviceOperation = {
	description: [groupLocator(show), ...returnAllAndLimit(show)],

	async execute(itemIndex, connection) {
		const groupId = this.getNodeParameter('groupId', itemIndex, undefined, { extractValue: true });
		const { data } = await request(connection, 'listGroupMembers', { groupId }, itemIndex);
		return limitUnlessAll(this, itemIndex, listItems(data));
	},
};
