import type { INodeProperties } from 'n8n-workflow';

import { workspaceLocator } from '../../shared/descriptions';

const showOnlyForWorkspaceGet = { resource: ['workspace'], operation: ['get'] };

export const workspaceGetDescription: INodeProperties[] = [
	workspaceLocator(showOnlyForWorkspaceGet),
];
