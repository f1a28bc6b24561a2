/**
 * Reads a rendered HTML page the way an attacker would hope a browser does:
 * every tag with its attributes, every link target. Shared by the HTML and
 * the safety tests. Text content is escaped by the renderer, so a `<` that
 * starts a tag in the page text is a real tag.
 */
import { expect } from 'vitest';

export interface Tag {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
}

const TAG = /<([a-zA-Z][\w:-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>/g;
const ATTRIBUTE = /([^\s=>/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g;

const decodeEntities = (v: string): string =>
  v.replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d))).replace(/&colon;/gi, ':');

const unquote = (v: string | undefined): string => (v === undefined ? '' : v.replace(/^["']|["']$/g, ''));

/** All start tags of the page, outside <style> blocks. */
export function tagsOf(html: string): Tag[] {
  const withoutStyles = html.replace(/<style>[\s\S]*?<\/style>/g, '<style></style>');
  return [...withoutStyles.matchAll(TAG)].map((m) => ({
    name: m[1]!.toLowerCase(),
    attributes: new Map([...m[2]!.matchAll(ATTRIBUTE)].map((a) => [a[1]!.toLowerCase(), unquote(a[2])])),
  }));
}

/** What must never be in a page built from untrusted LaTeX; empty when the page is inert. */
export function unsafeParts(html: string): string[] {
  const found: string[] = [];
  if (/<script/i.test(html)) found.push('a <script> tag');
  for (const tag of tagsOf(html)) {
    if (['script', 'iframe', 'object', 'embed', 'img', 'link', 'base', 'form'].includes(tag.name)) {
      found.push(`a <${tag.name}> tag`);
    }
    if (tag.name === 'meta' && tag.attributes.get('http-equiv')?.toLowerCase() === 'refresh') found.push('a meta refresh');
    for (const [name, value] of tag.attributes) {
      if (name.startsWith('on')) found.push(`an ${name}= attribute on <${tag.name}>`);
      if (/javascript:/i.test(decodeEntities(value))) found.push(`a javascript: URL in ${name}= on <${tag.name}>`);
      if ((name === 'href' || name === 'src' || name === 'xlink:href' || name === 'action') && !value.startsWith('#')) {
        found.push(`${name}="${value}" on <${tag.name}>`);
      }
      if (name === 'style' && /url\(|expression\(/i.test(value)) found.push(`a style reaching out: ${value}`);
    }
  }
  return found;
}

/** `page` contains `part`; on failure says which part is missing without dumping a 400 kB page. */
export function expectPageToContain(page: string, part: string): void {
  expect(page.includes(part), `page should contain: ${part}`).toBe(true);
}
