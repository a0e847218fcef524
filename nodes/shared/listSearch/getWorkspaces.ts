import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { readTarget } from '../credentials';
import { DELIVERY } from '../delivery';
import { callOvice } from '../transport';
import { spaceUrl } from '../urls';
import { toSearchItems } from './searchList';

export async function getWorkspaces(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const workspaces = await callOvice(this, DELIVERY.listWorkspaces, {}, { lane: 'interactive' });
	const { baseUrl } = await readTarget(this);
	const results = toSearchItems<{ id?: unknown; name?: unknown; domain?: unknown }>(workspaces, filter, (workspace) =>
		typeof workspace.domain === 'string' && workspace.domain
			? spaceUrl(baseUrl, workspace.domain)
			: undefined,
	);
	return { results };
}
