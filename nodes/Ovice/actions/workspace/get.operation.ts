import { NodeOperationError } from 'n8n-workflow';

import { workspaceLocator } from '../../../shared/descriptions';
import { workspaceIdIn } from '../../../shared/endpoints';
import { notSentError } from '../../../shared/transport/errors';
import { checkFields, InputProblem } from '../../../shared/transport/wire';
import { defineOperation } from '../operation';
import { TOOL_INPUTS } from '../toolInputs';
import { listItems, withSpaceUrls } from '../output';
import { readTarget } from '../values';

/** Workspace → Get: ovice has no single-workspace read, so the list, then the chosen one. */
export const get = defineOperation({
	resource: 'workspace',
	value: 'get',
	name: 'Get',
	action: 'Get a workspace by its ID',
	description: 'Get one workspace of the organization by its ID, with its browser URL',
	subtitle: '"Get " + t',
	endpoint: 'listWorkspaces',
	tool: { name: 'get_workspace', inputs: { workspaceId: TOOL_INPUTS.workspaceId } },
	fields: (show) => [workspaceLocator(show)],

	read(itemIndex, ovice) {
		// The list takes no ID, so the ID is checked here as ovice's workspace_id, before anything is sent.
		const checked = checkFields([workspaceIdIn('query')], {
			workspaceId: readTarget(this, 'workspaceId', itemIndex).id,
		});
		if (checked instanceof InputProblem) throw notSentError(this.getNode(), checked, itemIndex);
		const wanted = String(checked.workspaceId);
		return {
			output: ({ data }) => {
				const workspaces = listItems(data);
				const chosen = workspaces.filter((workspace) => String(workspace.id) === wanted);
				if (!chosen.length) {
					throw new NodeOperationError(
						this.getNode(),
						`ovice has no workspace ${wanted} in this organization`,
						{
							itemIndex,
							description: `The organization has ${workspaces.length} workspace(s). Pick the workspace from the list, or check its ID in ovice.`,
						},
					);
				}
				return withSpaceUrls(ovice.connection, chosen.slice(0, 1));
			},
		};
	},
});
