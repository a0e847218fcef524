import type { INodeProperties } from 'n8n-workflow';

import { notificationFields, rolesField, workspaceLocator } from '../../shared/descriptions';
import { sendAs } from '../../shared/routing';

const showOnlyForWorkspaceNotification = {
	resource: ['workspace'],
	operation: ['sendNotification'],
};

export const workspaceSendNotificationDescription: INodeProperties[] = [
	workspaceLocator(showOnlyForWorkspaceNotification, sendAs('notifyWorkspace', 'workspaceId')),
	rolesField(showOnlyForWorkspaceNotification, sendAs('notifyWorkspace', 'roles')),
	...notificationFields(showOnlyForWorkspaceNotification, (param) =>
		sendAs('notifyWorkspace', param),
	),
];
