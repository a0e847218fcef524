import type { INodeProperties } from 'n8n-workflow';

import { groupLocator, returnAllAndLimit } from '../../shared/descriptions';
import { sendAs } from '../../shared/routing';

const showOnlyForGroupGetMembers = { resource: ['group'], operation: ['getMembers'] };

export const groupGetMembersDescription: INodeProperties[] = [
	groupLocator(showOnlyForGroupGetMembers, sendAs('listGroupMembers', 'groupId')),
	...returnAllAndLimit(showOnlyForGroupGetMembers),
];
