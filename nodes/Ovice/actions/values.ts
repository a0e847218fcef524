/** How operations read their values from the node's parameters. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { SENDER_OPTIONS } from '../../shared/descriptions';
import { readLocator } from '../../shared/locator';
import type { PickedTarget } from '../../shared/locator';

/** A notification's text and sender (the sender under Options). */
export function readNotification(
	context: IExecuteFunctions,
	itemIndex: number,
): Record<string, unknown> {
	const message = context.getNodeParameter('message', itemIndex);
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	// An option that is set is checked as it is: an expression that gave null is an error, not the default.
	const option = (name: string) =>
		Object.hasOwn(options, name) ? options[name] : SENDER_OPTIONS[name];
	return { message, serviceName: option('serviceName'), serviceLogoUrl: option('serviceLogoUrl') };
}

/** The workspace or group an item names in a resource locator. */
export function readTarget(
	context: IExecuteFunctions,
	name: 'workspaceId' | 'groupId',
	itemIndex: number,
): PickedTarget {
	return readLocator(context.getNodeParameter(name, itemIndex));
}
