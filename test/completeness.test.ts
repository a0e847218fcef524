/**
 * When an operation is complete. Its copies elsewhere (subtitle, README and docs tables, the
 * MCP example) are written by `npm run generate` and checked by generated.test.ts; what a
 * person writes is asked for here, by source path, naming the operation and the piece:
 *
 * - its declaration, registered in its resource (every *.operation.ts file is walked);
 * - its output schema, nodes/Ovice/__schema__/v1.0.0/<resource>/<operation>.json;
 * - its hand-written reference case, test/engine/reference-cases.ts;
 * - for its endpoint, the sandbox's route and data (the reference request answers 200, and a
 *   list is not empty).
 *
 * docs/development.md ("Adding an operation") lists the same pieces.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { INodePropertyOptions } from 'n8n-workflow';
import { request } from 'undici';

import { Ovice } from '../nodes/Ovice/Ovice.node';
import type { OviceOperation } from '../nodes/Ovice/actions/operation';
import { RESOURCE_NAMES, RESOURCES } from '../nodes/Ovice/actions/operations';
import { ENDPOINTS } from '../nodes/shared/endpoints';
import { SANDBOX_KEY } from '../sandbox/data';
import { startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/server';
import { caseParameters, REFERENCE_CASES } from './engine/reference-cases';
import { PACKAGE_ROOT } from './harness/engine';

const ACTIONS = join(PACKAGE_ROOT, 'nodes', 'Ovice', 'actions');
const declaredIn: Record<string, Record<string, OviceOperation>> = RESOURCES;

/** Every operation the node's description offers, by resource and value. */
function offered(): Array<{ resource: string; option: INodePropertyOptions }> {
	return new Ovice().description.properties
		.filter((property) => property.name === 'operation')
		.flatMap((selector) =>
			((selector.options ?? []) as INodePropertyOptions[]).map((option) => ({
				resource: String(selector.displayOptions?.show?.resource?.[0]),
				option,
			})),
		);
}

/** Every declaration an operation file exports, with the file. */
async function declarationFiles(): Promise<Array<{ file: string; operation: OviceOperation }>> {
	const files = readdirSync(ACTIONS, { withFileTypes: true, recursive: true })
		.filter((entry) => entry.isFile() && entry.name.endsWith('.operation.ts'))
		.map((entry) => join(entry.parentPath, entry.name));
	const found: Array<{ file: string; operation: OviceOperation }> = [];
	for (const path of files) {
		const exported = (await import(path)) as Record<string, unknown>;
		for (const value of Object.values(exported))
			if (value && typeof value === 'object' && 'read' in value && 'endpoint' in value)
				found.push({ file: relative(PACKAGE_ROOT, path), operation: value as OviceOperation });
	}
	return found;
}

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => {
	await sandbox?.close();
});

/** What the sandbox answers to an operation's reference request. */
async function sandboxAnswer(key: string): Promise<{ status: number; body: unknown }> {
	const { expected } = REFERENCE_CASES[key];
	const url = new URL(expected.path, sandbox.url);
	for (const [name, value] of Object.entries(expected.query)) url.searchParams.set(name, value);
	const answer = await request(url, {
		method: expected.method,
		headers: {
			client_id: SANDBOX_KEY.clientId,
			client_secret: SANDBOX_KEY.clientSecret,
			'content-type': 'application/json',
		},
		body: expected.body === undefined ? undefined : JSON.stringify(expected.body),
	});
	const text = await answer.body.text();
	try {
		return { status: answer.statusCode, body: JSON.parse(text) as unknown };
	} catch {
		return { status: answer.statusCode, body: text };
	}
}

/** What a complete operation lacks, each worded as the piece to write and where. */
async function missingPieces(operation: OviceOperation): Promise<string[]> {
	const { resource, value } = operation;
	const key = `${resource}.${value}`;
	const missing: string[] = [];
	const schema = `nodes/Ovice/__schema__/v1.0.0/${resource}/${value}.json`;
	if (!existsSync(join(PACKAGE_ROOT, schema))) missing.push(`no output schema (${schema})`);

	const endpoint = ENDPOINTS[operation.endpoint];
	const referenceCase = Object.hasOwn(REFERENCE_CASES, key) ? REFERENCE_CASES[key] : undefined;
	if (!referenceCase) {
		missing.push(`no hand-written reference case (test/engine/reference-cases.ts, "${key}")`);
	} else {
		const parameters = caseParameters(referenceCase);
		if (parameters.resource !== resource || parameters.operation !== value)
			missing.push(
				`the reference case "${key}" runs ${String(parameters.resource)}.${String(parameters.operation)}`,
			);
		if (referenceCase.expected.method !== endpoint.method)
			missing.push(
				`the reference case "${key}" expects ${referenceCase.expected.method}, the endpoint is ${endpoint.method}`,
			);
		const answer = await sandboxAnswer(key);
		if (answer.status !== 200)
			missing.push(
				`the sandbox answers its reference request with HTTP ${answer.status} (a route in sandbox/api.ts)`,
			);
		else if (endpoint.result === 'list' && !(Array.isArray(answer.body) && answer.body.length > 0))
			missing.push('the sandbox has no data for it (an empty list; sandbox/data.ts)');
	}
	return missing.map(
		(piece) => `${RESOURCE_NAMES[operation.resource]} → ${operation.name}: ${piece}`,
	);
}

describe('every operation of the ovice node is complete', () => {
	it('every *.operation.ts declaration is registered in its resource, and offered by the node', async () => {
		const offeredKeys = new Set(
			offered().map(({ resource, option }) => `${resource}.${String(option.value)}`),
		);
		const unregistered = (await declarationFiles()).flatMap(({ file, operation }) => {
			const key = `${operation.resource}.${operation.value}`;
			const registered = declaredIn[operation.resource]?.[operation.value] === operation;
			return [
				...(registered
					? []
					: [`${file} declares ${key}, which ${operation.resource}.resource.ts does not register`]),
				...(offeredKeys.has(key) ? [] : [`${file}: the node's Operation selector lacks ${key}`]),
			];
		});
		expect(unregistered).toEqual([]);
	});

	it.each(
		Object.values(RESOURCES).flatMap((byValue) =>
			(Object.values(byValue) as OviceOperation[]).map(
				(operation) =>
					[`${RESOURCE_NAMES[operation.resource]} → ${operation.name}`, operation] as const,
			),
		),
	)('%s', async (_name, operation) => {
		expect(await missingPieces(operation)).toEqual([]);
	});

	it('test/engine/reference-cases.ts has no case for an operation the node lacks', () => {
		const declared = new Set(
			Object.entries(declaredIn).flatMap(([resource, byValue]) =>
				Object.keys(byValue).map((value) => `${resource}.${value}`),
			),
		);
		expect(Object.keys(REFERENCE_CASES).filter((key) => !declared.has(key))).toEqual([]);
	});
});
