import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { oviceApiRequest, readTarget } from '../shared/transport';
import { spaceUrl } from '../shared/urls';
import { toSearchItems } from './searchList';

export async function getWorkspaces(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const workspaces = await oviceApiRequest(this, 'listWorkspaces');
	const { baseUrl } = await readTarget(this);
	const results = toSearchItems<{ id?: unknown; name?: unknown; domain?: unknown }>(workspaces, filter, (workspace) =>
		typeof workspace.domain === 'string' && workspace.domain
			? spaceUrl(baseUrl, workspace.domain)
			: undefined,
	);
	return { results };
}
