import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { DELIVERY } from '../delivery';
import { callOvice } from '../transport';
import { toSearchItems } from './searchList';

export async function getGroups(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const groups = await callOvice(this, DELIVERY.listGroups, {}, { lane: 'interactive' });
	return { results: toSearchItems(groups, filter) };
}
