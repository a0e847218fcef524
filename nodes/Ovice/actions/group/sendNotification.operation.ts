import { groupLocator, notificationFields } from '../../../shared/descriptions';
import { defineOperation } from '../operation';
import { notificationItem } from '../output';
import { readNotification, readTarget } from '../values';

/** Group → Send Notification: to every member of the group. */
export const sendNotification = defineOperation({
	resource: 'group',
	value: 'sendNotification',
	name: 'Send Notification',
	action: 'Send a notification to every member of a group',
	description: 'Notify every member of a group',
	subtitle: '"Notify " + (t || p.resource)',
	endpoint: 'notifyGroup',
	fields: (show) => [groupLocator(show), ...notificationFields(show)],

	async execute(itemIndex, ovice) {
		const picked = readTarget(this, 'groupId', itemIndex);
		const values = {
			groupId: picked.id,
			...readNotification(this, itemIndex),
		};
		const { data, sent } = await ovice.call(values);
		return [notificationItem(ovice.endpoint, sent, data, picked.name)];
	},
});
