import { ROLES } from './endpoints';
import type { Endpoint, EndpointField, Role } from './endpoints';

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
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
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
export function coerceField(field: EndpointField, value: unknown): unknown {
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

/**
 * Checks and converts every field of `endpoint` in place, in the request's query and
 * body. Returns the first problem found, or undefined when the request may be sent.
 */
export function prepareFields(
	endpoint: Endpoint,
	query: Record<string, unknown>,
	body: Record<string, unknown>,
): InputProblem | undefined {
	for (const field of endpoint.fields) {
		// A field shared by several operations may arrive in either place; the table says
		// where this endpoint takes it.
		const raw = field.wire in query ? query[field.wire] : body[field.wire];
		delete query[field.wire];
		delete body[field.wire];
		const value = coerceField(field, raw);
		if (value instanceof InputProblem) return value;
		(field.in === 'query' ? query : body)[field.wire] = value;
	}
	return undefined;
}
