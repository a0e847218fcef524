import { notificationFields } from '../../../shared/descriptions';
import { defineOperation } from '../operation';
import { TOOL_INPUTS } from '../toolInputs';
import { notificationItem } from '../output';
import { readNotification } from '../values';

/** Organization → Send Notification: to every member of the organization. */
export const sendNotification = defineOperation({
	resource: 'organization',
	value: 'sendNotification',
	name: 'Send Notification',
	action: 'Send a notification to every member of the organization',
	description: 'Notify every member of the ovice organization',
	subtitle: '"Notify " + (t || p.resource)',
	endpoint: 'notifyOrganization',
	tool: { name: 'send_organization_notification', inputs: { message: TOOL_INPUTS.message } },
	fields: (show) => [
		{
			displayName:
				'This notifies every member of the organization. To reach fewer people, use the Workspace or Group resource.',
			name: 'organizationNotice',
			type: 'notice',
			default: '',
			displayOptions: { show },
		},
		...notificationFields(show),
	],

	read(itemIndex, ovice) {
		return {
			values: readNotification(this, itemIndex),
			output: ({ data, sent }) => [notificationItem(ovice.endpoint, sent, data)],
		};
	},
});
