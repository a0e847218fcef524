import type { INodeProperties } from 'n8n-workflow';

import { returnAllAndLimit } from '../../shared/descriptions';

const showOnlyForGroupGetMany = { resource: ['group'], operation: ['getAll'] };

export const groupGetManyDescription: INodeProperties[] = [
	...returnAllAndLimit(showOnlyForGroupGetMany),
];
