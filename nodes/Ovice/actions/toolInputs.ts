/**
 * What an AI agent fills when the node is its tool: the node parameters as `$fromAI`
 * expressions, one per field, with the words the agent reads. Operations name theirs in
 * their declaration's `tool`; `npm run generate` writes the MCP example's tool nodes from them.
 */
const fromAI = (key: string, description: string, type: string) =>
	`={{ $fromAI('${key}', '${description}', '${type}') }}`;

const byId = (key: string, description: string) => ({
	__rl: true,
	mode: 'id',
	value: fromAI(key, description, 'number'),
});

export const TOOL_INPUTS = {
	workspaceId: byId(
		'workspaceId',
		'The numeric ID of the ovice workspace (space), as list_workspaces returns it',
	),
	groupId: byId('groupId', 'The numeric ID of the ovice group, as list_groups returns it'),
	message: fromAI('message', 'The notification text recipients see in ovice', 'string'),
	roles: fromAI(
		'roles',
		'Who in the workspace receives it: a JSON list of one or more of the roles admin, member, visitor and guest',
		'json',
	),
	onlineOnly: fromAI(
		'onlineOnly',
		'true to return only the users who are online in the space',
		'boolean',
	),
};
