import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteSingleFunctions, INodeExecutionData } from 'n8n-workflow';

import { readTarget } from '../shared/credentials';
import { spaceUrl } from '../shared/urls';

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
export function keepChosenWorkspace(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
	values: Record<string, unknown>,
): INodeExecutionData[] {
	const chosen = String(values.workspaceId);
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
export function keepOnlineUsersIfAsked(this: IExecuteSingleFunctions, items: INodeExecutionData[]): INodeExecutionData[] {
	const onlineOnly = this.getNodeParameter('onlineOnly', false) as boolean;
	return onlineOnly ? items.filter((item) => item.json.status === 'online') : items;
}

/** "Return All" off: at most "Limit" items. ovice returns whole lists, so this trims. */
export function limitUnlessAll(this: IExecuteSingleFunctions, items: INodeExecutionData[]): INodeExecutionData[] {
	if (this.getNodeParameter('returnAll', false) as boolean) return items;
	const limit = Number(this.getNodeParameter('limit', 50));
	return items.slice(0, Math.max(1, Math.floor(limit)));
}
