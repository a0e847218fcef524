import { notificationFields, rolesField, workspaceLocator } from '../../../shared/descriptions';
import { defineOperation } from '../operation';
import { TOOL_INPUTS } from '../toolInputs';
import { notificationItem } from '../output';
import { readNotification, readTarget } from '../values';

/** Workspace → Send Notification: to the workspace's users who have one of the chosen roles. */
export const sendNotification = defineOperation({
	resource: 'workspace',
	value: 'sendNotification',
	name: 'Send Notification',
	action: 'Send a notification to workspace users by role',
	description: "Notify a workspace's users who have one of the chosen roles",
	subtitle: '"Notify " + (t || p.resource)',
	endpoint: 'notifyWorkspace',
	tool: {
		name: 'send_workspace_notification',
		inputs: {
			workspaceId: TOOL_INPUTS.workspaceId,
			roles: TOOL_INPUTS.roles,
			message: TOOL_INPUTS.message,
		},
	},
	fields: (show) => [workspaceLocator(show), ...rolesField(show), ...notificationFields(show)],

	read(itemIndex, ovice) {
		const picked = readTarget(this, 'workspaceId', itemIndex);
		return {
			values: {
				workspaceId: picked.id,
				roles: this.getNodeParameter('roles', itemIndex),
				...readNotification(this, itemIndex),
			},
			output: ({ data, sent }) => [notificationItem(ovice.endpoint, sent, data, picked.name)],
		};
	},
});
