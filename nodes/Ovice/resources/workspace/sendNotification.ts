import type { INodeProperties } from 'n8n-workflow';

import { rolesField } from '../../shared/descriptions';
import { sendAs } from '../../shared/routing';

const showOnlyForWorkspaceNotification = {
	resource: ['workspace'],
	operation: ['sendNotification'],
};

/** Also uses the shared Workspace, Message and sender fields (shared/fields.ts). */
export const workspaceSendNotificationDescription: INodeProperties[] = [
	rolesField(showOnlyForWorkspaceNotification, sendAs('notifyWorkspace', 'roles')),
];
