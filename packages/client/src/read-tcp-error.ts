import { CloseCode, RefusalCode } from '@stelar/protocol';
import type { HandshakeRefusal } from './link.js';

/** What an ERROR frame of the server means to the client. */
export type TcpErrorMeaning =
  /** Refused at admission: back off as after a refused handshake. */
  | { kind: 'refused'; refusal: HandshakeRefusal }
  /** The stream ends; `code` is the WebSocket close code of the same close. */
  | { kind: 'closing'; code: number };

/** Reason prefixes, each with the number it stands for. */
type PrefixTable = readonly (readonly [prefix: string, value: number])[];

/**
 * The reasons the server gives when it refuses a socket before admitting it,
 * with the HTTP status its WebSocket handshake answers in the same case.
 */
const ADMISSION_STATUS: PrefixTable = [
  ['server full', 503],
  ['server not running', 503],
  ['too many connections', 429],
];

/**
 * Reasons of closes that no `stelar:error` announces, with their WebSocket
 * close code. The server's framing errors all start like these.
 */
const CLOSE_CODE_BY_REASON: PrefixTable = [
  ['slow consumer', CloseCode.TRY_AGAIN_LATER],
  ['frame length', CloseCode.MESSAGE_TOO_BIG],
  ['event length', CloseCode.MESSAGE_TOO_BIG],
];

function byPrefix(table: PrefixTable, reason: string): number | undefined {
  return table.find(([prefix]) => reason.startsWith(prefix))?.[1];
}

/**
 * Reads an ERROR frame as the WebSocket client would read the same event.
 * TCP carries no close code or HTTP status, only the reason's text (spec:
 * "a human-readable reason"), so the texts of this server tell the cases
 * apart. A `stelar:error` that came first is the surer sign: after
 * `RATE_LIMITED` or `REJECTED` the close is a `1008`. A reason not listed
 * reads as `1011`, after which the client reconnects, as it does after any
 * close it did not ask for.
 */
export function readTcpError(
  reason: string,
  accepted: boolean,
  refusalCode: string | null,
): TcpErrorMeaning {
  if (
    refusalCode === RefusalCode.RATE_LIMITED ||
    refusalCode === RefusalCode.REJECTED
  ) {
    return { kind: 'closing', code: CloseCode.POLICY_VIOLATION };
  }
  const status = accepted ? undefined : byPrefix(ADMISSION_STATUS, reason);
  if (status !== undefined) {
    return { kind: 'refused', refusal: { status, retryAfterMs: null, reason } };
  }
  const code =
    byPrefix(CLOSE_CODE_BY_REASON, reason) ?? CloseCode.INTERNAL_ERROR;
  return { kind: 'closing', code };
}
