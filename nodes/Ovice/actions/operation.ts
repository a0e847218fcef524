/**
 * An operation of the ovice node, declared once: the entry n8n lists it by, the canvas
 * subtitle, the endpoint it calls (whose effect says whether it sends), its fields, what it
 * reads of an item and what ovice's answer becomes. A resource builds its Operation selector
 * from its declarations; the router finds them by resource and value, reads every item
 * before anything is sent, then calls the endpoint.
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

/** What an operation's `read` is given: its declared endpoint and the run's connection. */
interface OperationScope {
	endpoint: EndpointKey;
	connection: Connection;
}

/** One item, read: the values for the declared endpoint, and what its answer becomes. */
export interface ItemCall {
	/** the endpoint's values by node parameter name */
	values?: Record<string, unknown>;
	/** the item's output from ovice's answer (it may still refuse the answer, by throwing) */
	output(answer: { data: unknown; sent: WireFields }): IDataObject[];
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
	/**
	 * The operation as an AI agent's tool in the MCP example (`npm run generate` writes its
	 * node): the tool's name, and its parameters besides resource and operation, the ones the
	 * agent fills as `$fromAI` expressions (toolInputs.ts).
	 */
	tool: { name: string; inputs: Record<string, unknown> };
	/** the operation's fields, shown for this resource and operation */
	fields(show: IDisplayOptions['show']): INodeProperties[];
	/** reads the item's parameters, each once, before anything of the run is sent */
	read(this: IExecuteFunctions, itemIndex: number, ovice: OperationScope): ItemCall;
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
