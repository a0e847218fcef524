/**
 * Fields that several operations share, each defined once. n8n's routing reads every
 * top-level field of a declarative node for every item, so one field shown for three
 * operations costs a third of three copies. Where a value goes on the wire (query or body)
 * is the endpoint table's to say; shared/routing.ts puts it there.
 */
import type { INodeProperties } from 'n8n-workflow';

import { groupLocator, notificationFields, returnAllAndLimit, workspaceLocator } from './descriptions';
import { sendAs } from './routing';

export const workspaceField = workspaceLocator(
	{ resource: ['workspace'], operation: ['get', 'getUsers', 'sendNotification'] },
	sendAs('notifyWorkspace', 'workspaceId'),
);

export const groupField = groupLocator(
	{ resource: ['group'], operation: ['getMembers', 'sendNotification'] },
	sendAs('notifyGroup', 'groupId'),
);

export const notificationContentFields: INodeProperties[] = notificationFields(
	{ resource: ['workspace', 'organization', 'group'], operation: ['sendNotification'] },
	(param) => sendAs('notifyOrganization', param),
);

export const listFields: INodeProperties[] = returnAllAndLimit({
	resource: ['workspace', 'group'],
	operation: ['getAll', 'getUsers', 'getMembers'],
});
