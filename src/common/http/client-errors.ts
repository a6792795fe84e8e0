import { Server, STATUS_CODES, maxHeaderSize } from 'node:http';
import { Duplex } from 'node:stream';
import { errorBody } from './error-body';

/** Node's answers to requests its parser refuses, here in the API's error shape instead of a bare status line. */
function answerFor(code: string | undefined): { status: number; message: string } {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, message: `the request line and headers exceed ${maxHeaderSize} bytes; send long filters in fewer, shorter parameters` };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, message: 'the request was not received in time' };
    default:
      return { status: 400, message: 'the request is not well-formed HTTP' };
  }
}

/**
 * Requests refused before Express sees them (a URL or headers over Node's limit, a broken
 * request line) never reach the exception filter; this answers them as every other error is answered.
 */
export function answerUnparsableRequests(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // The client is gone, or an answer was already started: nothing can be written any more.
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const { status, message } = answerFor(error.code);
    const body = JSON.stringify(errorBody(status, message));
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
}
