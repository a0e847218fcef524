/**
 * The package's own documentation as web pages (`/docs` is the README, `/docs/<name>.md` a
 * file of docs/), so that the Docs links of a package `npm start` installed open a page that
 * exists before the package has an npm page. Headings carry the anchors npm and GitHub give
 * them; paragraphs, lists, tables, code, links, bold and emphasis are rendered as on npm.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { findPackageRoot } from './package-root';

const ROOT = findPackageRoot(__dirname);

/** The anchor npm and GitHub give a heading. */
export function headingAnchor(heading: string): string {
	return heading
		.trim()
		.toLowerCase()
		.replace(/[^a-z0-9 -]/g, '')
		.replace(/ /g, '-');
}

const escape = (text: string) =>
	text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Where a link of the README or of docs/ points when read from these pages. */
function pageHref(href: string, fromDocs: boolean): string {
	if (/^[a-z]+:/i.test(href) || href.startsWith('#')) return href;
	const path = fromDocs ? `docs/${href}` : href;
	const docsFile = /^(?:\.\/)?docs\/([a-z0-9-]+\.md)(#.*)?$/.exec(path);
	if (docsFile) return `/docs/${docsFile[1]}${docsFile[2] ?? ''}`;
	if (/^(?:\.\.\/)?README\.md(#.*)?$/.test(href))
		return `/docs${href.replace(/^.*README\.md/, '')}`;
	return href;
}

/** Inline Markdown: code spans, links, bold and emphasis (with `*`; `_` is left, as in client_id). */
function inline(text: string, fromDocs: boolean): string {
	const spans: string[] = [];
	const held = escape(text).replace(/`([^`]+)`/g, (_, code: string) => {
		spans.push(`<code>${code}</code>`);
		return `@@code${spans.length - 1}@@`;
	});
	return held
		.replace(/&lt;a id=&quot;([a-z0-9-]+)&quot;&gt;&lt;\/a&gt;/g, '<a id="$1"></a>')
		.replace(
			/!?\[([^\]]*)\]\(([^)\s]+)\)/g,
			(_, label: string, href: string) => `<a href="${pageHref(href, fromDocs)}">${label}</a>`,
		)
		.replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
		.replace(/(^|[^*\w])\*([^*\s][^*]*)\*(?!\w)/g, '$1<em>$2</em>')
		.replace(/@@code(\d+)@@/g, (_, index: string) => spans[Number(index)]);
}

/** A table row's cells (`| a | b |`). */
const cells = (line: string) =>
	line
		.trim()
		.replace(/^\||\|$/g, '')
		.split(' | ')
		.map((cell) => cell.trim());

/** Renders the Markdown of the README and docs/: headings, paragraphs, lists, tables, code. */
export function renderMarkdown(markdown: string, fromDocs: boolean): string {
	const out: string[] = [];
	let code: string[] | undefined;
	let paragraph: string[] = [];
	let list: { tag: 'ul' | 'ol'; items: string[] } | undefined;
	let table: string[][] | undefined;
	const flush = () => {
		if (paragraph.length) out.push(`<p>${inline(paragraph.join('\n'), fromDocs)}</p>`);
		paragraph = [];
		if (list)
			out.push(
				`<${list.tag}>${list.items.map((item) => `<li>${inline(item, fromDocs)}</li>`).join('')}</${list.tag}>`,
			);
		list = undefined;
		if (table) {
			const [head, , ...rows] = table;
			const row = (values: string[], tag: string) =>
				`<tr>${values.map((value) => `<${tag}>${inline(value, fromDocs)}</${tag}>`).join('')}</tr>`;
			out.push(
				`<table>${row(head, 'th')}${rows.map((values) => row(values, 'td')).join('')}</table>`,
			);
		}
		table = undefined;
	};
	for (const line of markdown.split('\n')) {
		if (line.trimStart().startsWith('```')) {
			if (code) {
				out.push(`<pre>${escape(code.join('\n'))}</pre>`);
				code = undefined;
			} else {
				flush();
				code = [];
			}
			continue;
		}
		if (code) {
			code.push(line);
			continue;
		}
		const heading = /^(#{1,6}) (.+)$/.exec(line);
		const item = /^(\s*)(?:([-*])|\d+\.) (.+)$/.exec(line);
		if (heading) {
			flush();
			const level = heading[1].length;
			out.push(
				`<h${level} id="${headingAnchor(heading[2])}">${inline(heading[2], fromDocs)}</h${level}>`,
			);
		} else if (!line.trim()) {
			flush();
		} else if (line.trimStart().startsWith('|')) {
			if (!table) flush();
			table ??= [];
			table.push(cells(line));
		} else if (item && !item[1]) {
			const tag = item[2] ? 'ul' : 'ol';
			if (!list || list.tag !== tag) flush();
			list ??= { tag, items: [] };
			list.items.push(item[3]);
		} else if (list && /^\s+\S/.test(line)) {
			// A list item's continuation line.
			list.items[list.items.length - 1] += ` ${line.trim()}`;
		} else {
			if (list || table) flush();
			paragraph.push(line.replace(/^> ?/, ''));
		}
	}
	flush();
	return out.join('\n');
}

/** The page for `/docs` or `/docs/<name>.md`, or undefined when there is none. */
export function docsPage(pathname: string): { title: string; html: string } | undefined {
	const match = /^\/docs(?:\/([a-z0-9-]+\.md))?\/?$/.exec(pathname);
	if (!match) return undefined;
	const file = match[1] ? join(ROOT, 'docs', match[1]) : join(ROOT, 'README.md');
	if (!existsSync(file)) return undefined;
	const title = match[1] ? `n8n-nodes-ovice · ${match[1]}` : 'n8n-nodes-ovice';
	const body = renderMarkdown(readFileSync(file, 'utf8'), Boolean(match[1]));
	return {
		title,
		html: `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title><style>body{font-family:sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.5}pre{white-space:pre-wrap;background:#f4f4f4;padding:.75rem}code{background:#f4f4f4;padding:0 .2rem}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}</style></head><body>${body}</body></html>`,
	};
}
