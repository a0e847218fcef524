import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteSingleFunctions, INodeExecutionData } from 'n8n-workflow';

import { readTarget } from './credentials';
import { spaceUrl } from './urls';

/** Adds `spaceUrl`, the browser address of the space, to workspaces that have a domain. */
export async function addSpaceUrls(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const { baseUrl } = await readTarget(this);
	return items.map((item) => {
		const domain = item.json.domain;
		if (typeof domain !== 'string' || !domain) return item;
		return { ...item, json: { ...item.json, spaceUrl: spaceUrl(baseUrl, domain) } };
	});
}

/** Keeps the one workspace whose ID the user chose; ovice has no single-workspace read. */
export async function keepChosenWorkspace(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const chosen = String(this.getNodeParameter('workspaceId', undefined, { extractValue: true })).trim();
	const match = items.filter((item) => String(item.json.id) === chosen);
	if (!match.length) {
		throw new NodeOperationError(this.getNode(), `ovice has no workspace ${chosen} in this organization`, {
			itemIndex: this.getItemIndex(),
			description: `The organization has ${items.length} workspace(s). Pick the workspace from the list, or check its ID in ovice.`,
		});
	}
	return match.slice(0, 1);
}

/** Keeps only users whose status is `online` when the user asked for that. */
export async function keepOnlineUsersIfAsked(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const onlineOnly = this.getNodeParameter('onlineOnly', false) as boolean;
	return onlineOnly ? items.filter((item) => item.json.status === 'online') : items;
}
