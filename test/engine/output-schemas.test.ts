/**
 * The output schemas n8n shows before a node has run (`__schema__/` in the built package)
 * describe what the nodes really output: every item of every operation, read from the
 * sandbox and from answers written by hand from the reference, validates against its
 * schema, and a field the node emits that its schema lacks fails (the schemas are checked
 * with every object closed to fields they do not name).
 */
import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject } from 'n8n-workflow';

import type { OviceOperation } from '../../nodes/Ovice/actions/operation';
import { everyOperation } from '../../nodes/Ovice/actions/operations';
import { ENDPOINTS } from '../../nodes/shared/endpoints';
import { PACKAGE_ROOT } from '../harness/engine';
import {
	fromList,
	presenceTriggerNode,
	singleNodeWorkflow,
	useTestBed,
	webhookTriggerNode,
} from '../harness/fixtures';
import { PollHarness, WebhookHarness } from '../harness/triggers';
import { caseParameters, REFERENCE_CASES } from './reference-cases';
import type { ReferenceCase } from './reference-cases';

const bed = useTestBed();
const ajv = new Ajv({ allErrors: true, strict: false });
// What the nodes write for times: ISO 8601 as Date#toISOString gives it.
ajv.addFormat(
	'date-time',
	(text: string) => !Number.isNaN(Date.parse(text)) && new Date(text).toISOString() === text,
);

/** A copy of a schema in which every object admits only the properties it names. */
function closed(schema: unknown): unknown {
	if (!schema || typeof schema !== 'object') return schema;
	if (Array.isArray(schema)) return schema.map(closed);
	const copy = Object.fromEntries(
		Object.entries(schema).map(([key, value]) => [key, closed(value)]),
	) as Record<string, unknown>;
	if (copy.properties) copy.additionalProperties = false;
	return copy;
}

function validator(...path: string[]): ValidateFunction {
	const schema = JSON.parse(
		readFileSync(join(PACKAGE_ROOT, 'dist', 'nodes', ...path), 'utf8'),
	) as object;
	return ajv.compile(closed(schema) as object);
}

function expectValid(validate: ValidateFunction, items: IDataObject[]) {
	expect(items.length).toBeGreaterThan(0);
	for (const item of items) {
		const valid = validate(item);
		expect({ item, errors: valid ? [] : validate.errors }).toEqual({ item, errors: [] });
	}
}

type SchemaCase = [resource: string, operation: string, parameters: Record<string, unknown>];

/** The operation's hand-written reference case, if it has one (the completeness test asks). */
const caseOf = (operation: OviceOperation) =>
	REFERENCE_CASES[`${operation.resource}.${operation.value}`] as ReferenceCase | undefined;

/**
 * Every declared operation with its reference case's parameters (reference-cases.ts), and
 * the notifications once more with their target picked from the list, so that the target's
 * name is in the items too. An operation without a case is left to the completeness test,
 * which names the case to write.
 */
const operations: SchemaCase[] = [
	...everyOperation().flatMap((operation): SchemaCase[] => {
		const referenceCase = caseOf(operation);
		return referenceCase
			? [[operation.resource, operation.value, caseParameters(referenceCase)]]
			: [];
	}),
	[
		'workspace',
		'sendNotification',
		{ workspaceId: { ...fromList(101), cachedResultName: 'Tokyo HQ' }, message: 'Hello' },
	],
	[
		'group',
		'sendNotification',
		{ groupId: { ...fromList(201), cachedResultName: 'Engineering' }, message: 'Hello' },
	],
];

/** Answers written by hand from the reference's endpoint table (documented fields only). */
const REFERENCE_ANSWERS: Partial<Record<keyof typeof ENDPOINTS, unknown>> = {
	listWorkspaces: [
		{ id: 101, name: 'Tokyo HQ', domain: 'tokyo-hq' },
		{ id: 102, name: 'Osaka Studio', domain: 'osaka-studio' },
		{ id: 7, name: 'No domain' },
	],
	listWorkspaceUsers: [
		{ id: 1001, name: 'Aiko Tanaka', email: 'aiko@example.com', status: 'online' },
		{ id: 1002, status: 'away' },
	],
	listGroups: [{ id: 201, name: 'Engineering' }],
	listGroupMembers: [{ id: 1001, name: 'Aiko Tanaka', email: 'aiko@example.com' }],
};

/** Each declared read's endpoint, to give it a reference answer. */
const endpointOf = Object.fromEntries(
	everyOperation()
		.filter((operation) => REFERENCE_ANSWERS[operation.endpoint] !== undefined && caseOf(operation))
		.map((operation) => [`${operation.resource}:${operation.value}`, operation.endpoint]),
);

describe('output schemas of the ovice node', () => {
	it.each(operations)(
		'%s → %s: the items from the sandbox fit its schema',
		async (resource, operation, parameters) => {
			const workflow = singleNodeWorkflow({ resource, operation, ...parameters });
			const result = await bed.engine.run(workflow, { credentials: bed.credentials });
			expect(result.error).toBeUndefined();
			expectValid(
				validator('Ovice', '__schema__', 'v1.0.0', resource, `${operation}.json`),
				result.output('ovice').map((item) => item.json),
			);
		},
	);

	it.each(Object.entries(endpointOf))(
		"%s: the reference's own answer fits the schema",
		async (key, endpoint) => {
			const [resource, operation] = key.split(':');
			const parameters = operations.find(([r, o]) => r === resource && o === operation)![2];
			await bed.client.addFault({
				status: 200,
				body: REFERENCE_ANSWERS[endpoint],
				path: ENDPOINTS[endpoint].path,
			});
			const result = await bed.engine.run(
				singleNodeWorkflow({ resource, operation, ...parameters }),
				{ credentials: bed.credentials },
			);
			expect(result.error).toBeUndefined();
			expectValid(
				validator('Ovice', '__schema__', 'v1.0.0', resource, `${operation}.json`),
				result.output('ovice').map((item) => item.json),
			);
		},
	);

	it('a field the schema lacks fails: an item with one more field is refused', () => {
		const validate = validator('Ovice', '__schema__', 'v1.0.0', 'group', 'getAll.json');
		expect(validate({ id: 1, name: 'G' })).toBe(true);
		expect(validate({ id: 1, name: 'G', invented: true })).toBe(false);
	});
});

describe('output schemas of the triggers', () => {
	it('ovice Presence Trigger: every kind of change fits its schema, a departed user too', async () => {
		const poller = new PollHarness(bed.engine, presenceTriggerNode(), bed.credentials);
		await poller.poll();
		await bed.client.setUser(101, 1004, { status: 'online' });
		await bed.client.setUser(101, 1003, { status: 'online' });
		await bed.client.removeUser(101, 1002);
		const items = (await poller.poll()) ?? [];
		expect(new Set(items.map((item) => item.event))).toEqual(
			new Set(['userOnline', 'userStatusChanged', 'userOffline']),
		);
		expectValid(validator('OvicePresenceTrigger', '__schema__', 'v1.0.0.json'), items);
	});

	it('ovice Webhook Trigger: an event with its own field, and a body that names none, fit its schema', async () => {
		const hook = new WebhookHarness(
			bed.engine,
			webhookTriggerNode({ events: ['enterRoom', 'noEvent'] }),
		);
		await hook.start();
		try {
			await bed.client.emitWebhook({
				url: hook.url,
				event: 'enterRoom',
				values: { name: 'Aiko', email: 'aiko@example.com', room: 'Room 2' },
			});
			await fetch(hook.url, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: '{"text":"Aiko has joined the space"}',
			});
			expectValid(
				validator('OviceWebhookTrigger', '__schema__', 'v1.0.0.json'),
				hook.started.flat(),
			);
			expect(hook.started).toHaveLength(2);
		} finally {
			await hook.stop();
		}
	});
});
