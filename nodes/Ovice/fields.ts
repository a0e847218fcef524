/**
 * Fields that several operations share, each defined once: n8n's routing evaluates every
 * top-level field of a declarative node for every item, so one definition shown for three
 * operations costs a third of three copies. None carries `routing`: the operation reads
 * the values its endpoint takes and places them where the endpoint table says.
 */
import type { INodeProperties } from 'n8n-workflow';

import { groupLocator, notificationFields, returnAllAndLimit, workspaceLocator } from '../shared/descriptions';

export const workspaceField = workspaceLocator({
	resource: ['workspace'],
	operation: ['get', 'getUsers', 'sendNotification'],
});

export const groupField = groupLocator({ resource: ['group'], operation: ['getMembers', 'sendNotification'] });

export const notificationContentFields: INodeProperties[] = notificationFields({
	resource: ['workspace', 'organization', 'group'],
	operation: ['sendNotification'],
});

export const listFields: INodeProperties[] = returnAllAndLimit({
	resource: ['workspace', 'group'],
	operation: ['getAll', 'getUsers', 'getMembers'],
});
