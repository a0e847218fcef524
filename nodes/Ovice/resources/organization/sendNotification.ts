import type { INodeProperties } from 'n8n-workflow';

import { notificationFields } from '../../shared/descriptions';
import { sendAs } from '../../shared/routing';

const showOnlyForOrganizationNotification = {
	resource: ['organization'],
	operation: ['sendNotification'],
};

export const organizationSendNotificationDescription: INodeProperties[] = [
	{
		displayName:
			'This notifies every member of the organization. To reach fewer people, use the Workspace or Group resource.',
		name: 'organizationNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: showOnlyForOrganizationNotification },
	},
	...notificationFields(showOnlyForOrganizationNotification, (param) =>
		sendAs('notifyOrganization', param),
	),
];
