/**
 * The package's own documentation as web pages (`/docs` is the README, `/docs/<name>.md` a
 * file of docs/), so that the Docs links of a package `npm start` installed open a page that
 * exists before the package has an npm page. Headings carry the anchors npm and GitHub give
 * them; the rest is shown as written.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { findPackageRoot } from '../scripts/package-root';

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

function inline(text: string, fromDocs: boolean): string {
	return escape(text)
		.replace(/&lt;a id=&quot;([a-z0-9-]+)&quot;&gt;&lt;\/a&gt;/g, '<a id="$1"></a>')
		.replace(
			/!?\[([^\]]*)\]\(([^)\s]+)\)/g,
			(_, label: string, href: string) => `<a href="${pageHref(href, fromDocs)}">${label}</a>`,
		);
}

export function renderMarkdown(markdown: string, fromDocs: boolean): string {
	const out: string[] = [];
	let code: string[] | undefined;
	let paragraph: string[] = [];
	const flush = () => {
		if (paragraph.length)
			out.push(`<p>${paragraph.map((line) => inline(line, fromDocs)).join('\n')}</p>`);
		paragraph = [];
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
		if (heading) {
			flush();
			const level = heading[1].length;
			out.push(
				`<h${level} id="${headingAnchor(heading[2])}">${inline(heading[2], fromDocs)}</h${level}>`,
			);
		} else if (!line.trim()) {
			flush();
		} else {
			paragraph.push(line);
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
		html: `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title><style>body{font-family:sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.5}p,pre{white-space:pre-wrap}pre{background:#f4f4f4;padding:.75rem}</style></head><body>${body}</body></html>`,
	};
}
