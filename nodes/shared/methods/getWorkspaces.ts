import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { connect, request } from '../transport';
import { spaceUrlOf } from '../transport/address';
import { toSearchItems } from './searchList';

export async function getWorkspaces(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const connection = await connect(this, 'editor');
	const { data } = await request(connection, 'listWorkspaces');
	const { baseUrl } = connection.credentials;
	const results = toSearchItems<{ id?: unknown; name?: unknown; domain?: unknown }>(
		data,
		filter,
		(workspace) => spaceUrlOf(baseUrl, workspace),
	);
	return { results };
}
