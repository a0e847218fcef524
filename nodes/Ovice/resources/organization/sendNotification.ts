import type { INodeProperties } from 'n8n-workflow';

const showOnlyForOrganizationNotification = {
	resource: ['organization'],
	operation: ['sendNotification'],
};

/** Also uses the shared Message and sender fields (../../fields.ts). */
export const organizationSendNotificationDescription: INodeProperties[] = [
	{
		displayName:
			'This notifies every member of the organization. To reach fewer people, use the Workspace or Group resource.',
		name: 'organizationNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: showOnlyForOrganizationNotification },
	},
];
