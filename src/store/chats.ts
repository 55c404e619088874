import { randomBytes } from 'node:crypto';
import { AnswerSchema, type Answer } from '../schema/assist.ts';
import { VigilError } from '../util/errors.ts';
import type { Db } from './database.ts';

export interface ChatSession {
  id: string;
  created_at: string;
  updated_at: string;
  actor: string;
  title: string;
  messages: number;
}

export interface ChatMessage {
  id: number;
  at: string;
  role: 'user' | 'assistant';
  content: string;
  /** The full answer (facts, citations, flags) behind an assistant message. */
  answer?: Answer;
}

const TITLE_MAX = 80;

/** Chat sessions persist in the store, so a conversation can be resumed and exported with its citations. */
export class ChatLog {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
  ) {}

  create(actor: string, firstQuestion: string): ChatSession {
    const id = randomBytes(6).toString('hex');
    const at = this.clock().toISOString();
    const title = firstQuestion.replace(/\s+/g, ' ').trim().slice(0, TITLE_MAX);
    this.db.prepare('INSERT INTO chat_sessions (id, created_at, updated_at, actor, title) VALUES (?, ?, ?, ?, ?)').run(id, at, at, actor, title);
    return { id, created_at: at, updated_at: at, actor, title, messages: 0 };
  }

  /** Appends a question and its answer in one transaction. */
  appendExchange(sessionId: string, question: string, answer: Answer): void {
    const at = this.clock().toISOString();
    const insert = this.db.prepare('INSERT INTO chat_messages (session_id, at, role, content, answer) VALUES (?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      insert.run(sessionId, at, 'user', question, null);
      insert.run(sessionId, at, 'assistant', answer.answer, JSON.stringify(answer));
      this.db.prepare('UPDATE chat_sessions SET updated_at = ? WHERE id = ?').run(at, sessionId);
    })();
  }

  list(limit = 50): ChatSession[] {
    return this.db
      .prepare(
        `SELECT s.id, s.created_at, s.updated_at, s.actor, s.title, (SELECT count(*) FROM chat_messages m WHERE m.session_id = s.id) AS messages
         FROM chat_sessions s ORDER BY s.updated_at DESC, s.id LIMIT ?`,
      )
      .all(Math.max(1, limit)) as ChatSession[];
  }

  /** The session with this id or unique id prefix (≥ 4 hex digits). */
  session(idOrPrefix: string): ChatSession | undefined {
    if (!/^[0-9a-f]{4,12}$/i.test(idOrPrefix)) return undefined;
    const prefix = idOrPrefix.toLowerCase();
    const rows = this.db
      .prepare(
        `SELECT s.id, s.created_at, s.updated_at, s.actor, s.title, (SELECT count(*) FROM chat_messages m WHERE m.session_id = s.id) AS messages
         FROM chat_sessions s WHERE s.id >= ? AND s.id < ? ORDER BY s.id LIMIT 2`,
      )
      .all(prefix, `${prefix}g`) as ChatSession[];
    if (rows.length > 1) throw new VigilError('E_USAGE', `chat session prefix ${idOrPrefix} is ambiguous; give more characters`);
    return rows[0];
  }

  messages(sessionId: string): ChatMessage[] {
    const rows = this.db.prepare('SELECT id, at, role, content, answer FROM chat_messages WHERE session_id = ? ORDER BY id').all(sessionId) as {
      id: number;
      at: string;
      role: 'user' | 'assistant';
      content: string;
      answer: string | null;
    }[];
    return rows.map((r) => {
      const parsed = r.answer === null ? undefined : AnswerSchema.safeParse(JSON.parse(r.answer));
      return { id: r.id, at: r.at, role: r.role, content: r.content, ...(parsed?.success === true ? { answer: parsed.data } : {}) };
    });
  }
}
