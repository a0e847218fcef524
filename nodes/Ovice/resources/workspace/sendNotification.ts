import type { INodeProperties } from 'n8n-workflow';

import { rolesField } from '../../../shared/descriptions';

const showOnlyForWorkspaceNotification = {
	resource: ['workspace'],
	operation: ['sendNotification'],
};

/** Also uses the shared Workspace, Message and sender fields (../../fields.ts). */
export const workspaceSendNotificationDescription: INodeProperties[] = [
	...rolesField(showOnlyForWorkspaceNotification),
];
