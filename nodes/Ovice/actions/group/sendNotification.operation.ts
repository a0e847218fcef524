import { groupLocator, notificationFields } from '../../../shared/descriptions';
import { request } from '../../../shared/transport';
import { notificationItem, readLocator, readNotification, showFor } from '../common';
import type { OviceOperation } from '../common';

const show = showFor('group', 'sendNotification');

/** Group → Send Notification: to every member of the group. */
export const sendNotification: OviceOperation = {
	description: [groupLocator(show), ...notificationFields(show)],
	sends: true,

	async execute(itemIndex, connection) {
		const picked = readLocator(this, 'groupId', itemIndex);
		const values = {
			groupId: picked.id,
			...readNotification(this, itemIndex),
		};
		const { data, sent } = await request(connection, 'notifyGroup', values, itemIndex);
		return [notificationItem('notifyGroup', sent, data, picked.name)];
	},
};
