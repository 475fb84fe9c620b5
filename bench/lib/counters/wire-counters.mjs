// Counting the commands a client sends, from the bytes on the wire (client to server only).

const MYSQL_COMMANDS = { 0x01: "quit", 0x02: "init_db", 0x03: "query", 0x0e: "ping", 0x11: "change_user", 0x16: "stmt_prepare", 0x17: "stmt_execute", 0x19: "stmt_close", 0x1a: "stmt_reset", 0x1f: "reset_connection" };

/** Counts MySQL protocol commands: a packet with sequence id 0 from the client starts a command; its first byte names it. */
export class MysqlWireCounter {
  #header = Buffer.alloc(4);
  #have = 0;
  #skip = 0;
  #command = false;
  /** Commands by name. */
  counts = {};

  /** Feeds bytes the client sent. */
  feed(chunk) {
    let i = 0;
    while (i < chunk.length) {
      if (this.#skip > 0) {
        if (this.#command) {
          const name = MYSQL_COMMANDS[chunk[i]] ?? `command_0x${chunk[i].toString(16)}`;
          this.counts[name] = (this.counts[name] ?? 0) + 1;
          this.#command = false;
        }
        const n = Math.min(this.#skip, chunk.length - i);
        i += n;
        this.#skip -= n;
        continue;
      }
      this.#header[this.#have++] = chunk[i++];
      if (this.#have === 4) {
        this.#have = 0;
        this.#skip = this.#header.readUIntLE(0, 3);
        this.#command = this.#header[3] === 0 && this.#skip > 0;
      }
    }
  }
}

/** Counts Redis commands in RESP (arrays of bulk strings; inline commands too); the first bulk string names each. */
export class RedisWireCounter {
  #line = "";
  #skip = 0;
  #name = null;
  #nameLeft = 0;
  #nameNext = false;
  /** Commands by name. */
  counts = {};

  #record(name) {
    const key = name.toLowerCase();
    this.counts[key] = (this.counts[key] ?? 0) + 1;
  }

  /** Feeds bytes the client sent. */
  feed(chunk) {
    let i = 0;
    while (i < chunk.length) {
      if (this.#skip > 0) {
        const n = Math.min(this.#skip, chunk.length - i);
        if (this.#name !== null && this.#nameLeft > 0) {
          const take = Math.min(n, this.#nameLeft);
          this.#name += chunk.toString("latin1", i, i + take);
          this.#nameLeft -= take;
        }
        i += n;
        this.#skip -= n;
        if (this.#skip === 0 && this.#name !== null) {
          this.#record(this.#name);
          this.#name = null;
        }
        continue;
      }
      const nl = chunk.indexOf(10, i);
      if (nl === -1) {
        this.#line += chunk.toString("latin1", i);
        break;
      }
      const line = (this.#line + chunk.toString("latin1", i, nl)).replace(/\r$/, "");
      this.#line = "";
      i = nl + 1;
      if (line[0] === "*") this.#nameNext = true;
      else if (line[0] === "$") {
        const len = Number.parseInt(line.slice(1), 10);
        this.#skip = len + 2;
        this.#name = this.#nameNext ? "" : null;
        this.#nameLeft = this.#nameNext ? len : 0;
        this.#nameNext = false;
      } else if (line.trim() !== "") this.#record(line.trim().split(/\s+/)[0]);
    }
  }
}

const POSTGRES_MESSAGES = { Q: "query", P: "parse", B: "bind", E: "execute", D: "describe", S: "sync", C: "close", H: "flush", X: "terminate", p: "password", F: "function_call", d: "copy_data", c: "copy_done", f: "copy_fail" };
const PROTOCOL_3 = 196608;

/** Counts PostgreSQL frontend messages: untyped packets (SSL request, startup) until the startup, then type byte + length. */
export class PostgresWireCounter {
  #pending = Buffer.alloc(0);
  #started = false;
  /** Messages by name. */
  counts = {};

  /** Feeds bytes the client sent. */
  feed(chunk) {
    let buf = this.#pending.length ? Buffer.concat([this.#pending, chunk]) : chunk;
    for (;;) {
      if (!this.#started) {
        if (buf.length < 8) break;
        const length = buf.readUInt32BE(0);
        if (buf.length < length) break;
        this.#started = buf.readUInt32BE(4) === PROTOCOL_3;
        buf = buf.subarray(length);
        continue;
      }
      if (buf.length < 5) break;
      const length = buf.readUInt32BE(1) + 1;
      if (buf.length < length) break;
      const type = String.fromCharCode(buf[0]);
      const name = POSTGRES_MESSAGES[type] ?? `message_${type}`;
      this.counts[name] = (this.counts[name] ?? 0) + 1;
      buf = buf.subarray(length);
    }
    this.#pending = Buffer.from(buf);
  }
}
