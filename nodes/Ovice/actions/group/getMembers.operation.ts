import { groupLocator, returnAllAndLimit } from '../../../shared/descriptions';
import { defineOperation } from '../operation';
import { TOOL_INPUTS } from '../toolInputs';
import { limited, listItems, readLimit } from '../output';
import { readTarget } from '../values';

/** Group → Get Members: the users who belong to a group. */
export const getMembers = defineOperation({
	resource: 'group',
	value: 'getMembers',
	name: 'Get Members',
	action: 'Get the members of a group',
	description: 'List the users who belong to a group',
	subtitle: '"Members of " + t',
	endpoint: 'listGroupMembers',
	tool: { name: 'list_group_members', inputs: { groupId: TOOL_INPUTS.groupId, returnAll: true } },
	fields: (show) => [groupLocator(show), ...returnAllAndLimit(show)],

	read(itemIndex) {
		const groupId = readTarget(this, 'groupId', itemIndex).id;
		const limit = readLimit(this, itemIndex);
		return { values: { groupId }, output: ({ data }) => limited(listItems(data), limit) };
	},
});
