import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** A listening TCP socket: its local address as text and port, and the process holding it. */
export interface Listener {
  pid: number;
  address: string;
  port: number;
}

/** `pid` and every process descended from it, from /proc (no `ps`/`ss` needed, and no privileges for our own processes). */
export function processTree(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the command (which may hold spaces and parentheses) start at the last ')': state, then ppid.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // the process ended while we looked
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) for (const [pid, ppid] of parentOf) if (ppid === tree[i]) tree.push(pid);
  return tree;
}

/** Decodes /proc/net/tcp{,6} addresses: each 32-bit word is in host (little-endian) byte order. */
export function decodeProcAddress(hex: string): string {
  const words = hex.match(/.{8}/g)!.map((word) => Buffer.from(word, 'hex').reverse());
  const bytes = Buffer.concat(words);
  if (bytes.length === 4) return [...bytes].join('.');
  const groups = Array.from({ length: 8 }, (_, i) => bytes.readUInt16BE(i * 2).toString(16));
  if (groups.slice(0, 5).every((g) => g === '0') && groups[5] === 'ffff') return `::ffff:${[...bytes.subarray(12)].join('.')}`;
  return compressIpv6(groups);
}

/** RFC 5952 text: the longest run of two or more zero groups becomes `::`. */
function compressIpv6(groups: string[]): string {
  let best = { start: -1, length: 1 };
  for (let i = 0; i < groups.length; i++) {
    let j = i;
    while (j < groups.length && groups[j] === '0') j++;
    if (j - i > best.length) best = { start: i, length: j - i };
    i = Math.max(i, j);
  }
  if (best.start < 0) return groups.join(':');
  return `${groups.slice(0, best.start).join(':')}::${groups.slice(best.start + best.length).join(':')}`;
}

const LISTEN = '0A';

/** Every TCP socket in LISTEN state held by one of `pids`. */
export function listenersOf(pids: number[]): Listener[] {
  const owner = new Map<string, number>();
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
        if (inode) owner.set(inode, pid);
      } catch {
        // fd closed meanwhile
      }
    }
  }
  const listeners: Listener[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10 || fields[3] !== LISTEN) continue;
      const pid = owner.get(fields[9]!);
      if (pid === undefined) continue;
      const [address, port] = fields[1]!.split(':');
      listeners.push({ pid, address: decodeProcAddress(address!), port: parseInt(port!, 16) });
    }
  }
  return listeners;
}

/** True for 127.0.0.0/8, ::1 and IPv4-mapped loopback (Java's sockets are IPv6 sockets bound to ::ffff:127.0.0.1). */
export function isLoopback(address: string): boolean {
  return /^(::ffff:)?127\./.test(address) || address === '::1';
}
