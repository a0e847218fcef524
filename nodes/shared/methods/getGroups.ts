import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { callOvice } from '../transport';
import { toSearchItems } from './searchList';

export async function getGroups(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return { results: toSearchItems(await callOvice(this, 'listGroups', {}, 'editor'), filter) };
}
