import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { oviceApiRequest } from '../shared/transport';
import { toSearchItems } from './searchList';

export async function getGroups(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const groups = await oviceApiRequest(this, 'listGroups');
	return { results: toSearchItems(groups, filter) };
}
