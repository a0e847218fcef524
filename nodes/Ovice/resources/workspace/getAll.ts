import type { INodeProperties } from 'n8n-workflow';

import { returnAllAndLimit } from '../../shared/descriptions';

const showOnlyForWorkspaceGetMany = { resource: ['workspace'], operation: ['getAll'] };

export const workspaceGetManyDescription: INodeProperties[] = [
	...returnAllAndLimit(showOnlyForWorkspaceGetMany),
];
