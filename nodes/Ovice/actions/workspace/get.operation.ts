import { NodeOperationError } from 'n8n-workflow';

import { workspaceLocator } from '../../../shared/descriptions';
import { fieldFor } from '../../../shared/endpoints';
import { request } from '../../../shared/transport';
import { checkFields, InputProblem } from '../../../shared/transport/wire';
import { listItems, showFor, withSpaceUrls } from '../common';
import type { OviceOperation } from '../common';

const show = showFor('workspace', 'get');

/** Workspace → Get: ovice has no single-workspace read, so the list, then the chosen one. */
export const get: OviceOperation = {
	description: [workspaceLocator(show)],

	async execute(itemIndex, connection) {
		const workspaceId = this.getNodeParameter('workspaceId', itemIndex, undefined, {
			extractValue: true,
		});
		// Checked as an ID before anything is sent, as the endpoints that take it check it.
		const checked = checkFields([fieldFor('listWorkspaceUsers', 'workspaceId')], { workspaceId });
		if (checked instanceof InputProblem)
			throw new NodeOperationError(this.getNode(), checked.message, {
				description: checked.description,
				itemIndex,
			});
		const { data } = await request(connection, 'listWorkspaces', {}, itemIndex);
		const workspaces = listItems(data);
		const chosen = workspaces.filter(
			(workspace) => String(workspace.id) === String(checked.workspaceId),
		);
		if (!chosen.length) {
			throw new NodeOperationError(
				this.getNode(),
				`ovice has no workspace ${String(checked.workspaceId)} in this organization`,
				{
					itemIndex,
					description: `The organization has ${workspaces.length} workspace(s). Pick the workspace from the list, or check its ID in ovice.`,
				},
			);
		}
		return withSpaceUrls(connection, chosen.slice(0, 1));
	},
};
