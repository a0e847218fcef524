import { groupLocator, notificationFields } from '../../../shared/descriptions';
import { defineOperation } from '../operation';
import { TOOL_INPUTS } from '../toolInputs';
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
	tool: {
		name: 'send_group_notification',
		inputs: { groupId: TOOL_INPUTS.groupId, message: TOOL_INPUTS.message },
	},
	fields: (show) => [groupLocator(show), ...notificationFields(show)],

	read(itemIndex, ovice) {
		const picked = readTarget(this, 'groupId', itemIndex);
		return {
			values: { groupId: picked.id, ...readNotification(this, itemIndex) },
			output: ({ data, sent }) => [notificationItem(ovice.endpoint, sent, data, picked.name)],
		};
	},
});
