import { Fragment, type ReactNode } from 'react';
import { parseMarkdown, type Block, type Inline } from '../lib/markdown-ast.ts';

/** A value to mark wherever it occurs in the text (a claim the evidence does not support). */
export interface TextMark {
  value: string;
  title: string;
}

export interface MarkdownOptions {
  renderRef?: (id: string) => ReactNode;
  marks?: readonly TextMark[];
}

/** Splits plain text around marked values; everything stays a text node. */
function marked(text: string, marks: readonly TextMark[]): ReactNode {
  const usable = marks.filter((m) => m.value.trim().length >= 2);
  if (usable.length === 0) return text;
  const lower = text.toLowerCase();
  const parts: ReactNode[] = [];
  let at = 0;
  while (at < text.length) {
    let best: { index: number; mark: TextMark } | undefined;
    for (const mark of usable) {
      const index = lower.indexOf(mark.value.toLowerCase(), at);
      if (index >= 0 && (best === undefined || index < best.index)) best = { index, mark };
    }
    if (best === undefined) break;
    parts.push(text.slice(at, best.index));
    const end = best.index + best.mark.value.length;
    parts.push(
      <mark key={parts.length} className="flagged" title={best.mark.title}>
        {text.slice(best.index, end)}
      </mark>,
    );
    at = end;
  }
  parts.push(text.slice(at));
  return parts;
}

function inlineNodes(nodes: readonly Inline[], options: MarkdownOptions): ReactNode[] {
  return nodes.map((node, i) => {
    switch (node.t) {
      case 'text':
        return <Fragment key={i}>{marked(node.v, options.marks ?? [])}</Fragment>;
      case 'code':
        return <code key={i}>{node.v}</code>;
      case 'strong':
        return <strong key={i}>{inlineNodes(node.c, options)}</strong>;
      case 'em':
        return <em key={i}>{inlineNodes(node.c, options)}</em>;
      case 'ref':
        return <Fragment key={i}>{options.renderRef === undefined ? `[${node.id}]` : options.renderRef(node.id)}</Fragment>;
    }
  });
}

function blockNode(block: Block, key: number, options: MarkdownOptions): ReactNode {
  switch (block.t) {
    case 'p':
      return <p key={key}>{inlineNodes(block.c, options)}</p>;
    case 'h':
      return (
        <div key={key} className={`md-h md-h${Math.min(block.level, 4)}`} role="heading" aria-level={Math.min(block.level + 1, 6)}>
          {inlineNodes(block.c, options)}
        </div>
      );
    case 'pre':
      return <pre key={key}>{block.v}</pre>;
    case 'list': {
      const items = block.items.map((item, i) => (
        <li key={i}>
          {inlineNodes(item.c, options)}
          {item.sub.length > 0 && (
            <ul>
              {item.sub.map((sub, j) => (
                <li key={j}>{inlineNodes(sub, options)}</li>
              ))}
            </ul>
          )}
        </li>
      ));
      return block.ordered ? <ol key={key}>{items}</ol> : <ul key={key}>{items}</ul>;
    }
  }
}

/** Markdown from answers rendered as React elements only: a safe subset, never HTML. */
export function Markdown({ text, options = {} }: { text: string; options?: MarkdownOptions }) {
  return <div className="md">{parseMarkdown(text).map((block, i) => blockNode(block, i, options))}</div>;
}
