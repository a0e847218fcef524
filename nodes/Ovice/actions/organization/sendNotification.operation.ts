import { notificationFields } from '../../../shared/descriptions';
import { request } from '../../../shared/transport';
import { notificationItem, readNotification, showFor } from '../common';
import type { OviceOperation } from '../common';

const show = showFor('organization', 'sendNotification');

/** Organization → Send Notification: to every member of the organization. */
export const sendNotification: OviceOperation = {
	description: [
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
	sends: true,

	async execute(itemIndex, connection) {
		const { data, sent } = await request(
			connection,
			'notifyOrganization',
			readNotification(this, itemIndex),
			itemIndex,
		);
		return [notificationItem('notifyOrganization', sent, data)];
	},
};
