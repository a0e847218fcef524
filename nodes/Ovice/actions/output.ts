/** How operations shape ovice's answers into n8n items. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { ENDPOINTS } from '../../shared/endpoints';
import type { Endpoint, EndpointKey } from '../../shared/endpoints';
import { spaceUrlOf } from '../../shared/transport/address';
import type { Connection, WireFields } from '../../shared/transport';

/** The item a delivered notification gives: what it went to (target, roles) and its text, then ovice's answer. */
export function notificationItem(
	key: EndpointKey,
	sent: WireFields,
	answer: unknown,
	targetName?: string,
): IDataObject {
	const endpoint: Endpoint = ENDPOINTS[key];
	const wired = (param: string) => {
		const field = endpoint.fields.find((candidate) => candidate.param === param);
		return field ? (sent.body[field.wire] as IDataObject[string]) : undefined;
	};
	const target: IDataObject = { type: endpoint.subject?.kind ?? 'organization' };
	if (endpoint.subject) target.id = wired(endpoint.subject.param);
	if (targetName) target.name = targetName;
	const roles = wired('roles');
	if (roles !== undefined) target.roles = roles;
	return { success: true, target, message: wired('message'), ...asObject(answer) };
}

function asObject(value: unknown): IDataObject {
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : {};
}

/** The entries of an ovice list as items. */
export function listItems(data: unknown): IDataObject[] {
	return (Array.isArray(data) ? data : []).map(asObject);
}

/** "Return All" off: the most items to return ("Limit"); undefined for all. */
export function readLimit(context: IExecuteFunctions, itemIndex: number): number | undefined {
	if (context.getNodeParameter('returnAll', itemIndex, false) as boolean) return undefined;
	const limit = Number(context.getNodeParameter('limit', itemIndex, 50));
	return Math.max(1, Math.floor(limit));
}

/** At most `limit` items (all when undefined): ovice returns whole lists, so this trims. */
export function limited(items: IDataObject[], limit: number | undefined): IDataObject[] {
	return limit === undefined ? items : items.slice(0, limit);
}

/** Adds `spaceUrl`, the browser address of the space, to workspaces that have a domain. */
export function withSpaceUrls(connection: Connection, workspaces: IDataObject[]): IDataObject[] {
	return workspaces.map((workspace) => {
		const spaceUrl = spaceUrlOf(connection.credentials.baseUrl, workspace);
		return spaceUrl ? { ...workspace, spaceUrl } : workspace;
	});
}
