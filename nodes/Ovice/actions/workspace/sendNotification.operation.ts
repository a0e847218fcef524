import { notificationFields, rolesField, workspaceLocator } from '../../../shared/descriptions';
import { request } from '../../../shared/transport';
import { notificationItem, readLocator, readNotification, showFor } from '../common';
import type { OviceOperation } from '../common';

const show = showFor('workspace', 'sendNotification');

/** Workspace → Send Notification: to the workspace's users who have one of the chosen roles. */
export const sendNotification: OviceOperation = {
	description: [workspaceLocator(show), ...rolesField(show), ...notificationFields(show)],
	sends: true,

	async execute(itemIndex, connection) {
		const picked = readLocator(this, 'workspaceId', itemIndex);
		const values = {
			workspaceId: picked.id,
			roles: this.getNodeParameter('roles', itemIndex),
			...readNotification(this, itemIndex),
		};
		const { data, sent } = await request(connection, 'notifyWorkspace', values, itemIndex);
		return [notificationItem('notifyWorkspace', sent, data, picked.name)];
	},
};
