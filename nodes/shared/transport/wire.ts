import { ROLES } from '../endpoints';
import type { Endpoint, EndpointField, Role } from '../endpoints';

/** A value the user gave that ovice cannot take, with what to do about it. */
export class InputProblem {
	constructor(
		readonly field: EndpointField,
		readonly message: string,
		readonly description: string,
	) {}
}

function describeValue(value: unknown): string {
	if (value === undefined) return 'nothing';
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	const text = String(value);
	return `"${text.length > 40 ? `${text.slice(0, 40)}…` : text}"`;
}

function toId(field: EndpointField, value: unknown): number | InputProblem {
	const text =
		typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (/^[1-9]\d{0,15}$/.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
	const subject = field.label.toLowerCase();
	return new InputProblem(
		field,
		`${field.label} ID must be a positive whole number, got ${describeValue(value)}`,
		`Pick the ${subject} from the list, or enter its numeric ID as ovice shows it. If an expression sets it, make it return a number such as 123.`,
	);
}

function toText(field: EndpointField, value: unknown): string | InputProblem {
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (value === undefined) {
		// What an expression gives when it reads a field the item does not have.
		return new InputProblem(
			field,
			`${field.label} is missing: its expression returned nothing`,
			`The expression most likely reads a field the input item does not have (such as $json.missing): check the field's name in the input panel, or give a fallback with ?? "…".`,
		);
	}
	if (typeof value !== 'string') {
		return new InputProblem(
			field,
			`${field.label} must be text, got ${describeValue(value)}`,
			`Enter the ${field.label.toLowerCase()} as text. If an expression sets it, make it return a string (for example with .toString() or JSON.stringify()).`,
		);
	}
	if (!value.trim()) {
		return new InputProblem(
			field,
			`${field.label} is empty`,
			`Enter the ${field.label.toLowerCase()}; ovice needs text other than spaces.`,
		);
	}
	return value;
}

function toUrl(field: EndpointField, value: unknown): string | InputProblem {
	const text = typeof value === 'string' ? value.trim() : '';
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		url = undefined;
	}
	if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
		return new InputProblem(
			field,
			`${field.label} must be an http(s) address, got ${describeValue(value)}`,
			'Enter the full address of an image, starting with https://, or leave the default.',
		);
	}
	return text;
}

function toRoles(field: EndpointField, value: unknown): Role[] | InputProblem {
	const list = Array.isArray(value)
		? value
		: typeof value === 'string' && value.trim()
			? value.split(',')
			: [];
	const roles = list.map((role) => (typeof role === 'string' ? role.trim().toLowerCase() : role));
	const unknown = roles.filter((role) => !ROLES.includes(role as Role));
	if (unknown.length) {
		return new InputProblem(
			field,
			`${field.label} has unknown role ${describeValue(unknown[0])}`,
			`Choose among ${ROLES.join(', ')}.`,
		);
	}
	if (!roles.length) {
		return new InputProblem(
			field,
			`${field.label} is empty: no one would receive the notification`,
			`Choose at least one of ${ROLES.join(', ')}.`,
		);
	}
	return [...new Set(roles as Role[])];
}

/** A field's value as ovice takes it, or the problem with it. */
function coerceField(field: EndpointField, value: unknown): unknown {
	switch (field.kind) {
		case 'id':
			return toId(field, value);
		case 'text':
			return toText(field, value);
		case 'url':
			return toUrl(field, value);
		case 'roles':
			return toRoles(field, value);
	}
}

/** A request's query and JSON body, each field checked and placed where the endpoint takes it. */
export interface WireFields {
	qs: Record<string, unknown>;
	body: Record<string, unknown>;
}

/**
 * Checks and converts every field of `endpoint` from the node parameters' values (by
 * parameter name) and places it where the endpoint table says. Returns the first problem
 * found instead when the request must not be sent.
 */
export function wireFields(
	endpoint: Endpoint,
	values: Record<string, unknown>,
): WireFields | InputProblem {
	const wire: WireFields = { qs: {}, body: {} };
	for (const field of endpoint.fields) {
		const value = coerceField(field, values[field.param]);
		if (value instanceof InputProblem) return value;
		(field.in === 'query' ? wire.qs : wire.body)[field.wire] = value;
	}
	return wire;
}

/** Checks parameters that are not sent (by parameter name); their checked values, or the problem. */
export function checkFields(
	fields: EndpointField[],
	values: Record<string, unknown>,
): Record<string, unknown> | InputProblem {
	const checked: Record<string, unknown> = {};
	for (const field of fields) {
		const value = coerceField(field, values[field.param]);
		if (value instanceof InputProblem) return value;
		checked[field.param] = value;
	}
	return checked;
}
