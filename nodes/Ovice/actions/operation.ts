/**
 * An operation of the ovice node, declared once: the entry n8n lists it by, the canvas
 * subtitle, the endpoint it calls (whose effect says whether it sends), its fields and its
 * run. A resource builds its Operation selector from its declarations; the router finds
 * them by resource and value.
 */
import type {
	IDataObject,
	IDisplayOptions,
	IExecuteFunctions,
	INodeProperties,
} from 'n8n-workflow';

import type { EndpointKey } from '../../shared/endpoints';
import type { Connection, WireFields } from '../../shared/transport';

export type ResourceName = 'workspace' | 'organization' | 'group';

/** What an operation's run is given for one item: its declared endpoint, ready to call. */
interface EndpointCall {
	endpoint: EndpointKey;
	/** the endpoint called with the node parameters' values (by parameter name) */
	call(values?: Record<string, unknown>): Promise<{ data: unknown; sent: WireFields }>;
	connection: Connection;
}

interface OperationDeclaration<R extends ResourceName, V extends string> {
	resource: R;
	/** the Operation parameter's value */
	value: V;
	/** the selector's entry and the action n8n's panel and AI tools show */
	name: string;
	action: string;
	description: string;
	/**
	 * The canvas subtitle, a JavaScript expression over `p` (the saved parameters) and `t`
	 * (the picked workspace or group, by name or ID). The node's subtitle literal is checked
	 * against it (test/completeness.test.ts), since n8n's lint wants the literal.
	 */
	subtitle: string;
	/** the endpoint that does the work; its `effect` is the one definition of a send */
	endpoint: EndpointKey;
	/** the operation's fields, shown for this resource and operation */
	fields(show: IDisplayOptions['show']): INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number, ovice: EndpointCall): Promise<IDataObject[]>;
}

export interface OviceOperation<
	R extends ResourceName = ResourceName,
	V extends string = string,
> extends Omit<OperationDeclaration<R, V>, 'fields'> {
	/** the fields, with their display options set */
	properties: INodeProperties[];
}

export function defineOperation<R extends ResourceName, V extends string>(
	declaration: OperationDeclaration<R, V>,
): OviceOperation<R, V> {
	const { fields, ...rest } = declaration;
	const show = { resource: [declaration.resource], operation: [declaration.value] };
	return { ...rest, properties: fields(show) };
}

/** A resource's Operation selector, built from its operations, then their fields. */
export function resourceDescription<R extends ResourceName>(
	resource: R,
	operations: ReadonlyArray<OviceOperation<R>>,
	defaultOperation: string,
): INodeProperties[] {
	const selector: INodeProperties = {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options: [...operations]
			.sort((a, b) => a.name.localeCompare(b.name))
			.map(({ name, value, action, description }) => ({ name, value, action, description })),
		default: defaultOperation,
	};
	return [selector, ...operations.flatMap((operation) => operation.properties)];
}

/** The operations of one resource keyed by value, typed so the router knows each by name. */
export function byValue<O extends OviceOperation>(
	operations: readonly O[],
): { [Operation in O as Operation['value']]: Operation } {
	return Object.fromEntries(operations.map((operation) => [operation.value, operation])) as {
		[Operation in O as Operation['value']]: Operation;
	};
}
