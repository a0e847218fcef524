import type { INodeProperties } from 'n8n-workflow';

import { groupLocator, notificationFields } from '../../shared/descriptions';
import { sendAs } from '../../shared/routing';

const showOnlyForGroupNotification = { resource: ['group'], operation: ['sendNotification'] };

export const groupSendNotificationDescription: INodeProperties[] = [
	groupLocator(showOnlyForGroupNotification, sendAs('notifyGroup', 'groupId')),
	...notificationFields(showOnlyForGroupNotification, (param) => sendAs('notifyGroup', param)),
];
